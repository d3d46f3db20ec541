using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Tests.Conversations;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Reporting;

/// <summary>Stale cards, redelivered activities, and what a save costs as the history grows.</summary>
public sealed class ReportHistoryTests : IDisposable
{
    private readonly CountingStore counting;
    private readonly BotHarness bot;
    private readonly string folder = Directory.CreateTempSubdirectory("report-history-").FullName;

    public ReportHistoryTests()
    {
        CountingStore? store = null;
        bot = new BotHarness(decorateStore: inner => store = new CountingStore(inner));
        _ = bot.Reports;
        counting = store!;
    }

    private static Dictionary<string, string> Typed(string achievements, string priorities = "重点") => new()
    {
        ["achievements"] = achievements,
        ["priorities"] = priorities,
        ["remark"] = string.Empty,
    };

    private async Task<JObject> OpenAsync(TestUser user) => Cards.Single(await bot.SendAsync(BotHarness.Message(user, "report")));

    [Fact]
    public async Task A_stale_card_of_the_same_user_cannot_overwrite_the_draft_they_saved_later()
    {
        var old = await OpenAsync(TestUser.DicpContact);
        await bot.ExecuteAsync(TestUser.SecondDicpContact, "report.save", Cards.Submit(await OpenAsync(TestUser.SecondDicpContact), "report.save", Typed("李的草稿")));
        await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(await OpenAsync(TestUser.DicpContact), "report.save", Typed("张的最新草稿")));

        var answer = await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(old, "report.save", Typed("张的旧卡片")));

        Assert.Contains("在您编辑期间，张联络", Cards.Text(answer), StringComparison.Ordinal);
        Assert.Equal("张的旧卡片", Cards.InputValue(answer, "achievements"));
        Assert.Equal(["张的最新草稿"], (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Draft!.Content.Achievements);
    }

    [Fact]
    public async Task An_activity_redelivered_after_many_newer_saves_adds_no_revision_and_is_answered_as_saved()
    {
        var form = await OpenAsync(TestUser.DicpContact);
        var first = Cards.Submit(form, "report.submit", Typed("第一版"));
        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", first, activityId: "teams-activity-1");
        var card = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(summary, "report.edit"));
        for (var i = 0; i < 25; i++)
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(30));
            card = await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(card, "report.save", Typed($"草稿{i}")));
        }

        var again = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", first, activityId: "teams-activity-1");

        Assert.Contains("第1版", Cards.Text(again), StringComparison.Ordinal);
        Assert.DoesNotContain("在您编辑期间", Cards.Text(again), StringComparison.Ordinal);
        Assert.Single(await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None));

        // Long after any redelivery the id is forgotten, and the old card is still only a told conflict.
        bot.Clock.Advance(TimeSpan.FromHours(2));
        var late = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", first, activityId: "teams-activity-1");
        Assert.Contains("在您编辑期间", Cards.Text(late), StringComparison.Ordinal);
        Assert.Single(await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None));
    }

    [Fact]
    public async Task Operation_ids_are_kept_for_an_hour_not_forever()
    {
        var card = await OpenAsync(TestUser.DicpContact);
        for (var i = 0; i < 40; i++)
        {
            bot.Clock.Advance(TimeSpan.FromMinutes(10));
            card = await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(card, "report.save", Typed($"草稿{i}")));
        }

        var remembered = (await bot.Reports.GetAsync("dicp", CancellationToken.None)).RecentOperations;
        Assert.InRange(remembered.Count, 6, 7);
    }

    [Fact]
    public async Task However_fast_a_unit_saves_the_report_document_remembers_at_most_fifty_operations()
    {
        var version = 0;
        for (var i = 0; i < 80; i++)
        {
            var save = new SaveReport(new UserIdentity("aad-dicp-1", "张联络"), "dicp", "2019-2020", new ReportForm($"草稿{i}", "重点", string.Empty), version, $"burst-{i}", Submit: false);
            version = Assert.IsType<ReportOutcome.Saved>(await bot.Reports.SaveAsync(save, CancellationToken.None)).Report.Version;
        }

        var remembered = (await bot.Reports.GetAsync("dicp", CancellationToken.None)).RecentOperations;
        Assert.Equal(Enumerable.Range(30, 50).Select(i => $"burst-{i}"), remembered.Select(o => o.Id));
    }

    [Fact]
    public async Task A_card_action_costs_at_most_three_storage_calls_and_never_reads_the_cycle_again()
    {
        var form = await OpenAsync(TestUser.DicpContact);
        var report = bot.Get<DocumentKeys>().Report("2019-2020", "dicp");

        var draft = await CountAsync(() => bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(form, "report.save", Typed("草稿"))));
        var firstSubmit = await CountAsync(() => bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(draft.Card, "report.submit", Typed("第一版"))));
        var edit = await CountAsync(() => bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(firstSubmit.Card, "report.edit")));
        var secondSubmit = await CountAsync(() => bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(edit.Card, "report.submit", Typed("第二版"))));
        var stale = await CountAsync(() => bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(edit.Card, "report.save", Typed("旧卡片"))));

        Assert.Equal([$"read {report}", $"create {report}"], draft.Calls);
        Assert.Equal([$"read {report}", $"write {report}"], firstSubmit.Calls);
        Assert.Equal([$"read {report}"], edit.Calls);
        Assert.Equal([$"read {report}", $"create {report}/revisions/1", $"write {report}"], secondSubmit.Calls);
        Assert.Equal([$"read {report}"], stale.Calls);
    }

    [Fact]
    public async Task The_report_document_stays_the_same_size_from_the_10th_revision_to_the_60th()
    {
        var committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
        var store = new LocalFolderStore(folder);
        var keys = new DocumentKeys(committee.Id);
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var reports = new ReportService(store, new FixedCommittee(committee), keys, clock, NullLogger<ReportService>.Instance);
        var sizes = new Dictionary<int, int>();
        var version = 0;
        for (var n = 1; n <= 60; n++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            var outcome = await reports.SaveAsync(new SaveReport(new UserIdentity("aad-dicp-1", "张联络"), "dicp", committee.CycleId, new ReportForm($"第{n:D2}版成果", "重点", string.Empty), version, $"op-{n}", Submit: true), CancellationToken.None);
            version = Assert.IsType<ReportOutcome.Saved>(outcome).Report.Version;
            sizes[n] = (await store.ReadAsync<JsonObject>(keys.Report(committee.CycleId, "dicp"), CancellationToken.None))!.Value.ToJsonString().Length;
        }

        Assert.Equal(sizes[10], sizes[60]);
        var revisions = await reports.GetRevisionsAsync("dicp", CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 60), revisions.Select(r => r.Number));
        Assert.Equal(["第01版成果"], revisions[0].Content.Achievements);
        Assert.Equal(["第60版成果"], revisions[59].Content.Achievements);
    }

    [Fact]
    public async Task Reporting_closed_on_one_instance_is_refused_on_another_within_the_refresh_interval()
    {
        var committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
        var store = new LocalFolderStore(folder);
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero));
        ReportService Instance() => new(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), clock, NullLogger<ReportService>.Instance);
        var (closing, other) = (Instance(), Instance());
        Assert.False((await other.GetCycleAsync(CancellationToken.None)).Closed);

        await closing.SetCycleClosedAsync(new UserIdentity("aad-organiser", "马越红"), closed: true, CancellationToken.None);
        Assert.True((await closing.GetCycleAsync(CancellationToken.None)).Closed);

        clock.Advance(TimeSpan.FromSeconds(6));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await other.GetCycleAsync(CancellationToken.None)).Closed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var save = new SaveReport(new UserIdentity("aad-dicp-1", "张联络"), "dicp", committee.CycleId, new ReportForm("成果", "重点", string.Empty), 0, "op-1", Submit: false);
        Assert.Equal(new ReportOutcome.Refused(Refusal.CycleClosed), await other.SaveAsync(save, CancellationToken.None));
    }

    private async Task<(JObject Card, IReadOnlyList<string> Calls)> CountAsync(Func<Task<JObject>> action)
    {
        counting.Reset();
        var card = await action();
        return (card, counting.Calls);
    }

    public void Dispose()
    {
        bot.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
