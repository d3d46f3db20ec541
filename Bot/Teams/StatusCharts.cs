using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Reports;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>One bar of a stacked status chart: a label and the counts behind it.</summary>
internal sealed record StatusBar(string Title, DirectiveCounts Counts);

/// <summary>
/// The Teams chart elements (Chart.Donut, Chart.HorizontalBar.Stacked) every card uses, with one
/// colour per status everywhere: finished green, under way amber, stuck red, not begun grey. Every
/// chart carries a text fallback with the same numbers, for clients that draw no charts and for
/// screen readers.
/// </summary>
internal static class StatusCharts
{
    public static readonly IReadOnlyList<ReportStatus> ReportOrder = [ReportStatus.Submitted, ReportStatus.Draft, ReportStatus.NotStarted];

    public static readonly IReadOnlyList<DirectiveStatus> DirectiveOrder = [DirectiveStatus.Done, DirectiveStatus.InProgress, DirectiveStatus.Blocked, DirectiveStatus.NotStarted];

    /// <summary>Chart colour of a reporting status.</summary>
    public static string ColorOf(ReportStatus status) => status switch
    {
        ReportStatus.Submitted => "good",
        ReportStatus.Draft => "warning",
        _ => "neutral",
    };

    /// <summary>Chart colour of a directive status; the same palette as reporting.</summary>
    public static string ColorOf(DirectiveStatus status) => status switch
    {
        DirectiveStatus.Done => "good",
        DirectiveStatus.InProgress => "warning",
        DirectiveStatus.Blocked => "attention",
        _ => "neutral",
    };

    public static string ReportWord(Texts t, ReportStatus status) => t["ReportStatus_" + status];

    public static string DirectiveWord(Texts t, DirectiveStatus status) => t["Status_" + status];

    /// <summary>A donut of reporting progress: submitted, drafts, not started, titled "n of N submitted".</summary>
    public static JObject ReportingDonut(Texts t, ReportingCounts counts)
    {
        var title = t.Format("Chart_ReportingTitle", counts.Submitted, counts.Total);
        return new JObject
        {
            ["type"] = "Chart.Donut",
            ["title"] = title,
            ["data"] = new JArray(ReportOrder.Select(s => new JObject
            {
                ["legend"] = t.Format("Chart_Legend", ReportWord(t, s), counts[s]),
                ["value"] = counts[s],
                ["color"] = ColorOf(s),
            })),
            ["fallback"] = Fallback(title, [new FallbackRow(null, ReportOrder.Select(s => new FallbackPart(ReportWord(t, s), counts[s], TextColorOf(ColorOf(s)))).ToList())]),
        };
    }

    /// <summary>One stacked bar per row (a directive, or a unit's own directives): done, in progress, blocked, not started, overdue in the row's title.</summary>
    public static JObject DirectiveBars(Texts t, string title, IReadOnlyList<StatusBar> bars)
    {
        var rows = bars.Select(b => (Title: RowTitle(t, b), b.Counts)).ToList();
        return new JObject
        {
            ["type"] = "Chart.HorizontalBar.Stacked",
            ["title"] = title,
            ["data"] = new JArray(rows.Select(r => new JObject
            {
                ["title"] = r.Title,
                ["data"] = new JArray(DirectiveOrder.Select(s => new JObject
                {
                    ["legend"] = DirectiveWord(t, s),
                    ["value"] = r.Counts[s],
                    ["color"] = ColorOf(s),
                })),
            })),
            ["fallback"] = Fallback(title, rows.Select(r => new FallbackRow(r.Title + t["Chart_RowSeparator"], DirectiveOrder.Select(s => new FallbackPart(DirectiveWord(t, s), r.Counts[s], TextColorOf(ColorOf(s)))).ToList())).ToList()),
        };
    }

    /// <summary>
    /// Last cycle's priorities per unit: one stacked bar each, done (green) and not yet done (grey), the
    /// same colours as every other chart. Rows are the units' short names.
    /// </summary>
    public static JObject FollowUpBars(Texts t, string title, IReadOnlyList<(string Unit, int Done, int Total)> rows)
    {
        var parts = rows.Select(r => (r.Unit, Parts: new[]
        {
            (Word: t["Chart_FollowUpDone"], Count: r.Done, Color: ColorOf(DirectiveStatus.Done)),
            (Word: t["Chart_FollowUpOpen"], Count: r.Total - r.Done, Color: ColorOf(DirectiveStatus.NotStarted)),
        })).ToList();
        return new JObject
        {
            ["type"] = "Chart.HorizontalBar.Stacked",
            ["title"] = title,
            ["data"] = new JArray(parts.Select(r => new JObject
            {
                ["title"] = r.Unit,
                ["data"] = new JArray(r.Parts.Select(p => new JObject { ["legend"] = p.Word, ["value"] = p.Count, ["color"] = p.Color })),
            })),
            ["fallback"] = Fallback(title, parts.Select(r => new FallbackRow(r.Unit + t["Chart_RowSeparator"], r.Parts.Select(p => new FallbackPart(p.Word, p.Count, TextColorOf(p.Color))).ToList())).ToList()),
        };
    }

    private static string RowTitle(Texts t, StatusBar bar) =>
        bar.Counts.Overdue > 0 ? t.Format("Chart_RowOverdue", bar.Title, bar.Counts.Overdue) : bar.Title;

    /// <summary>TextBlock colours have no "neutral": grey text is the default colour, subtle.</summary>
    private static string? TextColorOf(string chartColor) => chartColor == "neutral" ? null : chartColor;

    /// <summary>The chart's numbers as text: the title, then per row "label: status n · status n …" in the statuses' colours.</summary>
    private static JObject Fallback(string title, IReadOnlyList<FallbackRow> rows)
    {
        var items = new JArray(new JObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "bolder", ["wrap"] = true });
        foreach (var row in rows)
        {
            var runs = new JArray();
            if (row.Label is not null)
            {
                runs.Add(new JObject { ["type"] = "TextRun", ["text"] = row.Label });
            }

            foreach (var part in row.Parts)
            {
                if (part != row.Parts[0])
                {
                    runs.Add(new JObject { ["type"] = "TextRun", ["text"] = " · ", ["isSubtle"] = true });
                }

                var run = new JObject { ["type"] = "TextRun", ["text"] = $"{part.Word} {part.Count}" };
                if (part.Color is { } color)
                {
                    run["color"] = color;
                }
                else
                {
                    run["isSubtle"] = true;
                }

                runs.Add(run);
            }

            items.Add(new JObject { ["type"] = "RichTextBlock", ["inlines"] = runs });
        }

        return new JObject { ["type"] = "Container", ["items"] = items };
    }

    private sealed record FallbackPart(string Word, int Count, string? Color);

    private sealed record FallbackRow(string? Label, IReadOnlyList<FallbackPart> Parts);
}
