using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Reports;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>A unit's report from a cycle, as last submitted there: read-only, no Edit.</summary>
internal static class PastReportCard
{
    public static JObject Build(Texts t, Committee c, CycleView cycle, Unit unit, ReportRevision latest)
    {
        var body = new List<JToken?>
        {
            Title(t.Format("ReportCard_Title", unit.ShortName.For(t.Culture), cycle.ReportingYear, cycle.PlanYear)),
            Text(t[cycle.Current ? "PastReports_CurrentCycle" : "PastReports_ReadOnly"], subtle: true),
            Text(t.Format("Summary_SubmittedBy", latest.SubmittedByName, TimeFormat.Local(latest.SubmittedAt, c.TimeZone), latest.Number), weight: "bolder", color: "good"),
        };
        body.AddRange(FollowUpSection.Summary(t, latest.Content));
        body.Add(Text(t.Format("Summary_Achievements", cycle.ReportingYear), weight: "bolder"));
        body.AddRange(Bullets(latest.Content.Achievements));
        body.Add(Text(t.Format("Summary_Priorities", cycle.PlanYear), weight: "bolder"));
        body.AddRange(Bullets(latest.Content.Priorities));
        if (latest.Content.Remark is { } remark)
        {
            body.Add(Text(t["Summary_Remark"], weight: "bolder"));
            body.Add(Literal(remark));
        }

        return Card(body, [Execute(t["PastReports_Action_Units"], CommitteeVerbs.PastCycle, new JObject { ["cycleId"] = cycle.Id, ["page"] = 0 })]);
    }
}
