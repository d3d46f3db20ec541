using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Scheduling;
using CooperationBot.Tests.Infrastructure;
using CooperationBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Scheduling;

public sealed class SchedulerTests : IAsyncLifetime
{
    private static readonly Committee Committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public void Monday_nine_in_shenyang_is_one_in_the_morning_utc_and_reminders_fall_at_nine_local_before_the_deadline()
    {
        var planner = new SlotPlanner();

        var week = planner.Between(Committee, new DateTimeOffset(2020, 6, 14, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 6, 30, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [
                ("digest-202006150100", new DateTimeOffset(2020, 6, 15, 1, 0, 0, TimeSpan.Zero)),
                ("digest-202006220100", new DateTimeOffset(2020, 6, 22, 1, 0, 0, TimeSpan.Zero)),
                ("reminder-2019-2020-7d", new DateTimeOffset(2020, 6, 23, 1, 0, 0, TimeSpan.Zero)),
                ("reminder-2019-2020-3d", new DateTimeOffset(2020, 6, 27, 1, 0, 0, TimeSpan.Zero)),
                ("digest-202006290100", new DateTimeOffset(2020, 6, 29, 1, 0, 0, TimeSpan.Zero)),
                ("reminder-2019-2020-1d", new DateTimeOffset(2020, 6, 29, 1, 0, 0, TimeSpan.Zero)),
            ],
            week.Select(s => (s.Id, s.At)));
    }

    [Fact]
    public async Task Ticking_through_monday_morning_posts_exactly_one_digest_in_the_meeting_channel()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 14, 22, 0, 0, TimeSpan.Zero));
        await using var bot = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("scheduler-").FullName }, connector, clock);
        await bot.Channels.RecordTeamAsync("19:team@thread.tacv2", "院地合作委员会", connector.ServiceUrl.ToString(), "tenant-1", [], CancellationToken.None);
        await bot.Channels.BindAsync("19:team@thread.tacv2", "19:team@thread.tacv2", "马越红", CancellationToken.None);

        var ran = new List<ScheduledSlot>();
        while (clock.GetUtcNow() < new DateTimeOffset(2020, 6, 15, 4, 0, 0, TimeSpan.Zero))
        {
            ran.AddRange(await bot.Scheduler.TickAsync(CancellationToken.None));
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        await bot.DispatchUntilAsync(() => Task.FromResult(connector.Calls.Count >= 1), TimeSpan.FromSeconds(20));
        Assert.Equal(["digest-202006150100"], ran.Select(s => s.Id));
        var post = Assert.Single(connector.Calls);
        Assert.Equal("/v3/conversations", post.Path);
        Assert.StartsWith("19:team@thread.tacv2", post.ConversationId, StringComparison.Ordinal);
        Assert.Contains("跟进汇总", post.Activity!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_on_one_storage_account_send_one_reminder_per_contact_per_offset()
    {
        var storage = await OutboxHarness.AzuriteStorageAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 23, 0, 50, 0, TimeSpan.Zero));
        await using var first = await OutboxHarness.StartAsync(storage, connector, clock);
        await using var second = await OutboxHarness.StartAsync(storage, connector, clock);
        foreach (var aad in new[] { "aad-dicp-1", "aad-dicp-2", "aad-both", "aad-two-units" })
        {
            await first.OpenChatAsync(aad);
        }

        // SIA has submitted: it gets no reminder.
        await first.Reports.SaveAsync(new SaveReport(new UserIdentity("aad-two-units", "赵双单位"), "sia", Committee.CycleId, new ReportForm("成果", "重点", string.Empty), 0, "op", true), CancellationToken.None);

        var ran = new List<ScheduledSlot>();
        for (var tick = 0; tick < 6; tick++)
        {
            var both = await Task.WhenAll(first.Scheduler.TickAsync(CancellationToken.None), second.Scheduler.TickAsync(CancellationToken.None));
            ran.AddRange(both.SelectMany(r => r));
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        await first.DispatchUntilAsync(() => Task.FromResult(connector.Calls.Count >= 5), TimeSpan.FromSeconds(30));
        await Task.WhenAll(first.Dispatcher.RunOnceAsync(CancellationToken.None), second.Dispatcher.RunOnceAsync(CancellationToken.None));

        // Each slot ran on exactly one of the two instances (the day's missed digest, then the 7-day reminder).
        Assert.Equal(["digest-202006220100", "reminder-2019-2020-7d"], ran.Select(s => s.Id).Order());
        var reminders = connector.Calls.Where(c => c.Activity?["text"]?.GetValue<string>().Contains("年度成果及", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(
            ["a:aad-both", "a:aad-dicp-1", "a:aad-dicp-2", "a:aad-two-units"],
            reminders.Select(c => c.ConversationId).Order());
        Assert.All(connector.Calls, c => Assert.Equal("application/vnd.microsoft.card.adaptive", c.Activity!["attachments"]![0]!["contentType"]!.GetValue<string>()));

        // No channel is bound: the digest went once, to the one organiser who can be reached, and nowhere else.
        var digest = Assert.Single(connector.Calls.Except(reminders));
        Assert.Equal("a:aad-both", digest.ConversationId);
        Assert.Contains("所以这份汇总只发给了你", digest.Activity!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_instance_runs_only_the_latest_missed_digest_never_a_backlog()
    {
        var folder = Directory.CreateTempSubdirectory("scheduler-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 15, 6, 0, 0, TimeSpan.Zero));
        await using var bot = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = folder }, connector, clock);

        var first = await bot.Scheduler.TickAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var restarted = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = folder }, connector, clock);
        var afterRestart = await restarted.Scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(["digest-202006150100"], first.Select(s => s.Id));
        Assert.Empty(afterRestart);
    }
}
