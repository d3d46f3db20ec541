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

/// <summary>The charts organisers look at (issue #13): their numbers are the digest's, and each says them again in text.</summary>
public sealed class DigestChartTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("digest-charts-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2021, 1, 5, 1, 0, 0, TimeSpan.Zero));
    private readonly Committee committee = SampleCommittee.Load();
    private readonly ReportService reports;
    private readonly DirectiveService directives;
    private readonly DigestService digests;
    private readonly Texts zh = new(CultureInfo.GetCultureInfo("zh-CN"));

    public DigestChartTests()
    {
        var store = new LocalFolderStore(folder);
        var source = new FixedCommittee(committee);
        reports = new ReportService(store, source, source.Keys, clock, NullLogger<ReportService>.Instance);
        directives = new DirectiveService(store, source, source.Keys, clock, NullLogger<DirectiveService>.Instance);
        digests = new DigestService(reports, directives, store, new UnreachableRecipients(store, source.Keys), source, source.Keys, clock);
    }

    [Fact]
    public async Task The_digest_opens_with_a_donut_of_submitted_drafts_and_not_started_out_of_all_units()
    {
        await SubmitAsync("dicp");
        await SubmitAsync("imr");
        await SaveDraftAsync("sia");

        var digest = await digests.PrepareAsync(CancellationToken.None);
        var card = DigestCards.Build(zh, digest, "d")[0];

        var donut = Charts(card).First();
        Assert.Equal("Chart.Donut", (string?)donut["type"]);
        Assert.Equal("填报进度：已提交 2/9 个单位", (string?)donut["title"]);
        Assert.Equal(
            [("已提交 2", 2, "good"), ("草稿 1", 1, "warning"), ("未开始 6", 6, "neutral")],
            Points(donut));
        Assert.Equal((digest.Submitted, digest.Drafts, digest.NotStarted), (2, 1, 6));
        Assert.Contains("已提交 2 · 草稿 1 · 未开始 6", FallbackText(donut), StringComparison.Ordinal);
        Assert.Contains("填报进度：已提交 2/9 个单位", FallbackText(donut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_directive_is_a_stacked_bar_of_the_digests_counts_with_overdue_in_its_label_and_in_the_fallback()
    {
        // 5 January 2021: past the sample's due date (31 December 2020), so every owner not done is overdue.
        await SetProgressAsync("dicp", "d3", DirectiveStatus.Done);
        await SetProgressAsync("imr", "d3", DirectiveStatus.InProgress);
        await SetProgressAsync("sia", "d3", DirectiveStatus.Blocked, needs: "省科技厅支持");

        var digest = await digests.PrepareAsync(CancellationToken.None);
        var bars = Charts(DigestCards.Build(zh, digest, "d")[0]).Single(c => (string?)c["type"] == "Chart.HorizontalBar.Stacked");

        var rows = ((JArray)bars["data"]!).Cast<JObject>().ToList();
        Assert.Equal(["任务1（逾期 9）", "任务2（逾期 9）", "任务3（逾期 8）", "任务4（逾期 9）"], rows.Select(r => (string?)r["title"]));
        var d3 = digest.Directives.Single(d => d.DirectiveId == "d3").Counts;
        Assert.Equal(
            [("已完成", d3.Done, "good"), ("进行中", d3.InProgress, "warning"), ("受阻", d3.Blocked, "attention"), ("未开始", d3.NotStarted, "neutral")],
            Points(rows[2]));
        Assert.Equal((1, 1, 1, 6, 8), (d3.Done, d3.InProgress, d3.Blocked, d3.NotStarted, d3.Overdue));
        Assert.Contains("任务3（逾期 8）：已完成 1 · 进行中 1 · 受阻 1 · 未开始 6", FallbackText(bars), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_chart_of_every_card_has_a_text_fallback_saying_each_of_its_numbers()
    {
        await SubmitAsync("dicp");
        await SetProgressAsync("dicp", "d1", DirectiveStatus.InProgress);
        var digest = await digests.PrepareAsync(CancellationToken.None);

        var charts = AllCards(digest).SelectMany(Charts).ToList();

        Assert.True(charts.Count >= 4, $"only {charts.Count} charts");
        foreach (var chart in charts)
        {
            var fallback = FallbackText(chart);
            foreach (var (legend, value, _) in Rows(chart).SelectMany(Points))
            {
                var said = legend.EndsWith($" {value}", StringComparison.Ordinal) ? legend : $"{legend} {value}";
                Assert.Contains(said, fallback, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_same_status_has_the_same_colour_in_every_chart_finished_green_under_way_amber_stuck_red_not_begun_grey()
    {
        await SubmitAsync("dicp");
        await SaveDraftAsync("imr");
        await SetProgressAsync("dicp", "d1", DirectiveStatus.Blocked, needs: "资金");
        var digest = await digests.PrepareAsync(CancellationToken.None);

        var colours = AllCards(digest).SelectMany(Charts).SelectMany(Rows).SelectMany(Points)
            .GroupBy(p => p.Legend.Split(' ')[0])
            .ToDictionary(g => g.Key, g => g.Select(p => p.Color).Distinct().ToList());

        Assert.All(colours, c => Assert.Single(c.Value));
        Assert.Equal(["good", "good", "warning", "warning", "attention", "neutral"], new[] { "已提交", "已完成", "草稿", "进行中", "受阻", "未开始" }.Select(w => colours[w][0]));
    }

    [Fact]
    public async Task Refresh_redraws_the_charts_with_the_current_numbers()
    {
        var first = await digests.PrepareAsync(CancellationToken.None);
        var record = await digests.RecordAsync(first, DigestAudience.Channel, null, CancellationToken.None);
        await digests.MarkPostedAsync(record, first, CancellationToken.None);

        await SubmitAsync("dicp");
        await SetProgressAsync("dicp", "d2", DirectiveStatus.Done);
        var refreshed = (await digests.RefreshAsync(record.Id, CancellationToken.None))!.Digest;
        var charts = Charts(DigestCards.Build(zh, refreshed, record.Id)[0]).ToList();

        Assert.Equal(1, Points(charts[0])[0].Value);
        Assert.Equal(1, Points(Rows(charts[1])[1])[0].Value);
    }

    [Fact]
    public async Task Digest_cards_show_report_lines_only_in_text_runs_exactly_as_stored()
    {
        const string typed = "-30% 单位能耗\n**新型催化剂**\n2019--2020 联合攻关 <at>所有人</at> [链接](https://evil.example)";
        await SubmitAsync("dicp", typed, "－30％能耗（全角）\n𠀀字（扩展B）");
        var stored = (await reports.GetAsync("dicp", CancellationToken.None)).Latest!.Content;

        var card = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d")[0];

        foreach (var line in stored.Achievements.Concat(stored.Priorities))
        {
            var holders = card.Descendants().OfType<JObject>().Where(o => ((string?)o["text"])?.Contains(line, StringComparison.Ordinal) == true).ToList();
            Assert.NotEmpty(holders);
            Assert.All(holders, h => Assert.Equal(("TextRun", line), ((string?)h["type"], ((string?)h["text"])!.TrimStart('•', ' '))));
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The digest's cards, the organiser's overview and a contact's unit card, as the bot draws them.</summary>
    private IEnumerable<JObject> AllCards(Digest digest)
    {
        foreach (var card in DigestCards.Build(zh, digest, "d"))
        {
            yield return card;
        }

        var states = directives.GetAllAsync(CancellationToken.None).GetAwaiter().GetResult();
        yield return CooperationBot.Teams.Directives.DirectiveCards.Overview(zh, committee, states);
        var dicp = committee.FindUnit("dicp")!;
        var owned = directives.GetOwnedByAsync("dicp", CancellationToken.None).GetAwaiter().GetResult();
        yield return CooperationBot.Teams.Directives.DirectiveCards.UnitCard(zh, committee, dicp, owned.Select(s => new CooperationBot.Teams.Directives.UnitSection(s, null, null, [])).ToList(), null);
    }

    [Fact]
    public async Task Last_cycles_priorities_done_per_unit_are_bars_with_the_digests_numbers_in_the_chart_the_fallback_and_the_line()
    {
        var digest = await digests.PrepareAsync(CancellationToken.None) with
        {
            FollowUps = [new FollowUpCount(committee.FindUnit("dicp")!, 2, 3), new FollowUpCount(committee.FindUnit("imr")!, 0, 1)],
        };
        var card = DigestCards.Build(zh, digest, "d")[0];

        var chart = Assert.Single(Charts(card), c => ((string?)c["title"])?.Contains("重点工作完成情况", StringComparison.Ordinal) == true);
        Assert.Equal(["大连化物所", "金属所"], Rows(chart).Select(r => (string)r["title"]!));
        Assert.Equal([("已完成", 2, "good"), ("未完成", 1, "neutral")], Points(Rows(chart)[0]));
        Assert.Equal([("已完成", 0, "good"), ("未完成", 1, "neutral")], Points(Rows(chart)[1]));
        Assert.Contains("大连化物所：已完成 2 · 未完成 1", FallbackText(chart), StringComparison.Ordinal);
        Assert.Contains("金属所：已完成 0 · 未完成 1", FallbackText(chart), StringComparison.Ordinal);
        Assert.Contains("大连化物所 2/3", Cards.Text(card), StringComparison.Ordinal);
    }

    private static IEnumerable<JObject> Charts(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Chart.", StringComparison.Ordinal) == true);

    /// <summary>A donut is one row of points; a stacked bar chart has a row per bar.</summary>
    private static IReadOnlyList<JObject> Rows(JObject chart) =>
        (string?)chart["type"] == "Chart.Donut" ? [chart] : ((JArray)chart["data"]!).Cast<JObject>().ToList();

    private static List<(string Legend, int Value, string Color)> Points(JObject row) =>
        ((JArray)row["data"]!).Select(p => ((string)p["legend"]!, (int)p["value"]!, (string)p["color"]!)).ToList();

    private static string FallbackText(JObject chart)
    {
        var fallback = Assert.IsType<JObject>(chart["fallback"]);
        return string.Join("\n", fallback.DescendantsAndSelf().OfType<JObject>()
            .Where(o => (string?)o["type"] is "TextBlock" or "RichTextBlock")
            .Select(o => (string?)o["type"] == "TextBlock" ? (string)o["text"]! : string.Concat(((JArray)o["inlines"]!).Select(r => (string?)r["text"]))));
    }

    private async Task SubmitAsync(string unitId, string achievements = "成果", string priorities = "重点")
    {
        var outcome = await reports.SaveAsync(new SaveReport(Contact(unitId), unitId, committee.CycleId, new ReportForm(achievements, priorities, string.Empty), 0, Guid.NewGuid().ToString(), Submit: true), CancellationToken.None);
        Assert.IsType<ReportOutcome.Saved>(outcome);
    }

    private async Task SaveDraftAsync(string unitId) =>
        Assert.IsType<ReportOutcome.Saved>(await reports.SaveAsync(new SaveReport(Contact(unitId), unitId, committee.CycleId, new ReportForm("草稿", string.Empty, string.Empty), 0, Guid.NewGuid().ToString(), Submit: false), CancellationToken.None));

    private async Task SetProgressAsync(string unitId, string directiveId, DirectiveStatus status, string needs = "")
    {
        var outcome = await directives.UpdateProgressAsync(Contact(unitId), unitId, [new ProgressInput(directiveId, status.ToString(), "进展", needs, 0)], Guid.NewGuid().ToString(), CancellationToken.None);
        Assert.IsType<ProgressOutcome.Done>(outcome);
    }

    private UserIdentity Contact(string unitId)
    {
        var contact = committee.FindUnit(unitId)!.Contacts[0];
        return new UserIdentity(contact.AadObjectId ?? "aad-" + unitId, contact.Name, contact.Upn);
    }
}
