using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Teams.Digests;
using CooperationBot.Tests.Conversations;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Digests;

public sealed class DigestTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("digest-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly ProgressTable progress = new();
    private readonly Committee committee;
    private readonly ReportService reports;
    private readonly DigestService digests;
    private readonly Texts zh = new(CultureInfo.GetCultureInfo("zh-CN"));

    public DigestTests()
        : this(SampleCommittee.Load(demoMode: true))
    {
    }

    private DigestTests(Committee committee)
    {
        this.committee = committee;
        var store = new LocalFolderStore(folder);
        reports = new ReportService(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), clock, NullLogger<ReportService>.Instance);
        digests = new DigestService(reports, progress, store, new UnreachableRecipients(store, new DocumentKeys(committee.Id)), new FixedCommittee(committee), new DocumentKeys(committee.Id), clock);
    }

    [Fact]
    public async Task Digest_counts_submissions_drafts_and_lists_every_missing_unit_with_contacts_mentioned()
    {
        await SubmitAsync("dicp", "与华为建立战略合作\n谋划榆林示范区", "推进中石油项目");
        await SaveDraftAsync("imr", "区域行活动");

        var digest = await digests.PrepareAsync(CancellationToken.None);
        var card = Assert.Single(DigestCards.Build(zh, digest, "d-1"));
        var text = Cards.Text(card);

        Assert.Equal((1, 1, 7), (digest.Submitted, digest.Drafts, digest.NotStarted));
        Assert.Contains("已提交 1/9 个单位 · 草稿 1 个 · 未开始 7 个", text, StringComparison.Ordinal);
        Assert.Contains("尚未提交的单位（8）", text, StringComparison.Ordinal);
        Assert.Contains("• 金属所 — <at>金属所联络员</at>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("• 大连化物所 —", text, StringComparison.Ordinal);
        var mentions = (JArray)card["msteams"]!["entities"]!;
        Assert.Equal(8, mentions.Count);
        Assert.Contains(mentions, m => (string?)m["mentioned"]!["id"] == "contact@imr.example.org" && (string?)m["text"] == "<at>金属所联络员</at>");
    }

    [Fact]
    public async Task The_missing_units_are_listed_right_under_their_heading()
    {
        var card = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1")[0];

        var body = ((JArray)card["body"]!).Select(e => Cards.Text(new JObject { ["body"] = new JArray(e.DeepClone()) })).ToList();
        var heading = body.FindIndex(line => line.Contains("尚未提交的单位（9）", StringComparison.Ordinal));
        Assert.True(heading >= 0);
        Assert.StartsWith("• ", body[heading + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headlines_show_the_first_items_and_the_rest_behind_a_show_card()
    {
        await SubmitAsync("dicp", "与华为建立战略合作\n与茅台合作\n与延长石油合作", "推进中石油项目\n推进榆林示范区");

        var card = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1")[0];
        var text = Cards.Text(card);

        Assert.Contains("与华为建立战略合作", text, StringComparison.Ordinal);
        Assert.Contains("推进中石油项目", text, StringComparison.Ordinal);
        var more = Assert.Single(Cards.Actions(card), a => (string?)a["type"] == "Action.ShowCard");
        Assert.Equal("还有3项", (string?)more["title"]);
        Assert.Contains("与延长石油合作", Cards.Text((JObject)more["card"]!), StringComparison.Ordinal);
        var english = DigestCards.Build(new Texts(CultureInfo.GetCultureInfo("en-US")), await digests.PrepareAsync(CancellationToken.None), "d-1")[0];
        Assert.Equal("3 more", (string?)Assert.Single(Cards.Actions(english), a => (string?)a["type"] == "Action.ShowCard")["title"]);
    }

    [Fact]
    public async Task The_directive_matrix_counts_statuses_and_flags_overdue_and_blocked_items()
    {
        progress.Set("d3", "dicp", DirectiveStatus.InProgress);
        progress.Set("d3", "imr", DirectiveStatus.Blocked, overdue: true, note: "缺少中试资金", needs: "省科技厅支持");
        progress.Set("d3", "sia", DirectiveStatus.Done);

        var text = Cards.Text(DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1")[0]);

        Assert.Contains("完成 1 · 进行中 1 · 受阻 1 · 未开始 0", text, StringComparison.Ordinal);
        Assert.Contains("进行中：大连化物所", text, StringComparison.Ordinal);
        Assert.Contains("逾期：金属所", text, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", text, StringComparison.Ordinal);
        Assert.Contains("金属所 · 任务3：", text, StringComparison.Ordinal);
        Assert.Contains("缺少中试资金", text, StringComparison.Ordinal);
        Assert.Contains("省科技厅支持", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_digest_lists_what_changed_since_the_last_one_and_refresh_keeps_that_baseline()
    {
        await SubmitAsync("dicp", "成果一", "重点一");
        var first = await digests.PrepareAsync(CancellationToken.None);
        Assert.Contains("变化（首次汇总）", Cards.Text(DigestCards.Build(zh, first, "first")[0]), StringComparison.Ordinal);
        await PostAsync(first);

        clock.Advance(TimeSpan.FromDays(7));
        await SubmitAsync("dicp", "成果一\n成果二", "重点一", baseVersion: 1);
        await SubmitAsync("sia", "芯源微电子科创板上市", "粤港澳大湾区国际科创中心");
        progress.Set("d3", "dicp", DirectiveStatus.InProgress);
        var second = await digests.PrepareAsync(CancellationToken.None);
        var text = Cards.Text(DigestCards.Build(zh, second, "second")[0]);

        Assert.Contains("自上次汇总（2020-06-01 09:00 (UTC+08:00)）以来", text, StringComparison.Ordinal);
        Assert.Contains("新提交：沈阳自动化所", text, StringComparison.Ordinal);
        Assert.Contains("修改：大连化物所", text, StringComparison.Ordinal);
        Assert.Contains("大连化物所 · 任务3：— → 进行中", text, StringComparison.Ordinal);

        var secondId = await PostAsync(second);
        var third = await digests.PrepareAsync(CancellationToken.None);
        Assert.Contains("无变化。", Cards.Text(DigestCards.Build(zh, third, "third")[0]), StringComparison.Ordinal);

        var refreshed = await digests.RefreshAsync(secondId, CancellationToken.None);
        Assert.Contains("新提交：沈阳自动化所", Cards.Text(DigestCards.Build(zh, refreshed!.Digest, secondId)[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_text_cannot_inject_markdown_mentions_or_card_elements()
    {
        const string hostile = "[点我](https://evil.example) <at>所有人</at> **粗体** {\"type\":\"Action.OpenUrl\"}";
        await SubmitAsync("dicp", hostile, "正常重点");

        var card = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1")[0];

        var holder = Assert.Single(card.Descendants().OfType<JObject>(), o => ((string?)o["text"])?.Contains("evil.example", StringComparison.Ordinal) == true);
        Assert.Equal("TextRun", (string?)holder["type"]);
        Assert.Equal(hostile, (string?)holder["text"]);
        Assert.DoesNotContain(Cards.Actions(card), a => (string?)a["type"] == "Action.OpenUrl");
        Assert.DoesNotContain((JArray)card["msteams"]!["entities"]!, m => ((string?)m["text"])!.Contains("所有人", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_committee_digest_is_one_card_with_a_refresh_button()
    {
        foreach (var unit in committee.Units.Take(5))
        {
            await SubmitAsync(unit.Id, string.Join('\n', Enumerable.Range(1, 10).Select(i => $"{unit.ShortName.Zh}成果{i}")), "重点一\n重点二");
        }

        var cards = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1");

        var card = Assert.Single(cards);
        Assert.True(DigestCards.Bytes(card) < 40 * 1024);
        Assert.Equal("d-1", (string?)Cards.Action(card, "digest.refresh")["data"]!["digestId"]);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>What posting a digest in the channel does to the record: recorded, then marked posted.</summary>
    private async Task<string> PostAsync(Digest digest)
    {
        var record = await digests.RecordAsync(digest, DigestAudience.Channel, slotId: null, CancellationToken.None);
        await digests.MarkPostedAsync(record, digest, CancellationToken.None);
        return record.Id;
    }

    private async Task SubmitAsync(string unitId, string achievements, string priorities, int baseVersion = 0)
    {
        var contact = committee.FindUnit(unitId)!.Contacts[^1];
        var user = new UserIdentity(contact.AadObjectId ?? "aad-" + unitId, contact.Name, contact.Upn);
        var outcome = await reports.SaveAsync(new SaveReport(user, unitId, committee.CycleId, new ReportForm(achievements, priorities, string.Empty), baseVersion, Guid.NewGuid().ToString(), Submit: true), CancellationToken.None);
        Assert.IsType<ReportOutcome.Saved>(outcome);
    }

    private async Task SaveDraftAsync(string unitId, string achievements)
    {
        var contact = committee.FindUnit(unitId)!.Contacts[^1];
        var user = new UserIdentity(contact.AadObjectId ?? "aad-" + unitId, contact.Name, contact.Upn);
        await reports.SaveAsync(new SaveReport(user, unitId, committee.CycleId, new ReportForm(achievements, string.Empty, string.Empty), 0, Guid.NewGuid().ToString(), Submit: false), CancellationToken.None);
    }

    /// <summary>Directive progress as the directives feature would report it.</summary>
    private sealed class ProgressTable : IDirectiveProgressSource
    {
        private readonly Dictionary<(string Directive, string Unit), CellProgress> cells = [];

        public void Set(string directiveId, string unitId, DirectiveStatus status, bool overdue = false, string? note = null, string? needs = null) =>
            cells[(directiveId, unitId)] = new CellProgress(unitId, status, overdue, note, needs);

        public Task<IReadOnlyList<DirectiveProgress>> GetAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<DirectiveProgress> list = new[] { "d1", "d2", "d3", "d4" }
                .Select(id => new DirectiveProgress(id, new LocalizedText($"任务{id}", $"Directive {id}"), new DateOnly(2020, 12, 31), cells.Where(c => c.Key.Directive == id).Select(c => c.Value).ToList()))
                .ToList();
            return Task.FromResult(list);
        }
    }
}
