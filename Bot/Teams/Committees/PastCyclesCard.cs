using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>A reporting cycle as the browsing cards name it: an earlier one, or the current one.</summary>
internal sealed record CycleView(string Id, int ReportingYear, int PlanYear, bool Current);

/// <summary>One unit's line in a cycle: its report there (null when it never saved one), and whether it is retired now.</summary>
internal sealed record CycleUnitRow(Unit Unit, bool Retired, UnitReport? Report);

/// <summary>Earlier cycles, newest first; each opens its units' reports, read-only.</summary>
internal static class PastCyclesCard
{
    public const int PageSize = 20;

    public static JObject Build(Texts t, Committee c)
    {
        var body = new List<JToken?> { Title(t["PastReports_Title"]) };
        if (c.PastCycles.Count == 0)
        {
            body.Add(Text(t["PastReports_None"]));
        }

        foreach (var past in c.PastCycles.Reverse())
        {
            body.Add(Container(
            [
                Text(t.Format("PastReports_CycleLine", past.Id, past.ReportingYear, past.PlanYear), weight: "bolder"),
                Literal(past.MeetingTitle.For(t.Culture)),
                Text(t.Format("PastReports_ClosedLine", Date(past.SubmissionDeadline), past.ClosedByName, TimeFormat.Local(past.ClosedAt, c.TimeZone)), subtle: true),
                CommitteeCard.ActionSet(Execute(t.Format("PastReports_Action_Open", past.Id), CommitteeVerbs.PastCycle, new JObject { ["cycleId"] = past.Id, ["page"] = 0 })),
            ], "emphasis"));
        }

        return Card(body);
    }

    /// <summary>The units of one cycle with what each reported there; a page at a time.</summary>
    public static JObject Units(Texts t, CycleView cycle, IReadOnlyList<CycleUnitRow> rows, int page)
    {
        var pages = Math.Max(1, (rows.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var body = new List<JToken?>
        {
            Title(t.Format("PastReports_CycleTitle", cycle.ReportingYear, cycle.PlanYear)),
            Text(t[cycle.Current ? "PastReports_CurrentCycle" : "PastReports_ReadOnly"], subtle: true),
            Text(t.Format("Units_Page", page + 1, pages), subtle: true),
        };
        foreach (var row in rows.Skip(page * PageSize).Take(PageSize))
        {
            var name = row.Unit.ShortName.For(t.Culture) + (row.Retired ? t["PastReports_RetiredMark"] : string.Empty);
            var status = row.Report?.Latest is { } latest
                ? t.Format("PastReports_Submitted", latest.Number, latest.SubmittedByName)
                : row.Report?.Draft is not null ? t["PastReports_DraftOnly"] : t["PastReports_NotReported"];
            var items = new List<JToken?> { Literal(name, bold: true), Text(status, subtle: true) };
            if (row.Report?.Latest is not null)
            {
                items.Add(CommitteeCard.ActionSet(Execute(t.Format("PastReports_Action_View", row.Unit.ShortName.For(t.Culture)), CommitteeVerbs.PastReport,
                    new JObject { ["cycleId"] = cycle.Id, ["unitId"] = row.Unit.Id })));
            }

            body.Add(Container(items));
        }

        var actions = new List<JToken>();
        if (page > 0)
        {
            actions.Add(Execute(t["Units_Action_Previous"], CommitteeVerbs.PastCycle, new JObject { ["cycleId"] = cycle.Id, ["page"] = page - 1 }));
        }

        if (page < pages - 1)
        {
            actions.Add(Execute(t["Units_Action_Next"], CommitteeVerbs.PastCycle, new JObject { ["cycleId"] = cycle.Id, ["page"] = page + 1 }));
        }

        actions.Add(Execute(t["PastReports_Action_Cycles"], CommitteeVerbs.PastCycles, []));
        return Card(body, actions);
    }
}
