using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The committee at a glance for organisers: each part with its own Edit button.</summary>
internal static class CommitteeCard
{
    // The overview stays well under Teams' 40 KB at 500 units and 50 directives; the part cards show the rest.
    private const int UnitsShown = 10;
    private const int DirectivesShown = 10;

    /// <param name="demoMode">The Playground's user plays organiser and contact without being stored: say so, since the card shows only what is stored.</param>
    public static JObject Build(Texts t, Committee c, string? banner = null, bool demoMode = false)
    {
        var body = new List<JToken?>
        {
            Title(t.Format("Committee_Title", c.Meeting.Title.For(t.Culture))),
            banner is null ? null : Banner(AdminCardState.Notice(banner)),
            demoMode ? Text(t.Format("Committee_DemoNote", DemoUser.Name, c.Units[0].ShortName.For(t.Culture)), subtle: true) : null,
            Part(t["Committee_Part_Meeting"], t["Committee_Action_EditMeeting"], CommitteeVerbs.EditMeeting,
            [
                Literal(c.Meeting.Title.For(t.Culture)),
                Text(t.Format("Committee_MeetingLine", Date(c.Meeting.Date), c.Meeting.Chair.For(t.Culture)), subtle: true),
            ]),
            Part(t["Committee_Part_Dates"], t["Committee_Action_EditDates"], CommitteeVerbs.EditDates,
            [
                Text(t.Format("Committee_CycleLine", c.ReportingYear, c.PlanYear)),
                Text(t.Format("Committee_DeadlineLine", Date(c.SubmissionDeadline), c.TimeZone.Id), subtle: true),
            ]),
            Part(t.Format("Committee_Part_Organisers", c.Organisers.Count), t["Committee_Action_EditOrganisers"], CommitteeVerbs.EditOrganisers,
                [Literal(t.List(c.Organisers.Select(o => o.Name)))]),
            Units(t, c),
            Part(t["Committee_Part_Schedule"], t["Committee_Action_EditSchedule"], CommitteeVerbs.EditSchedule, [Text(ScheduleCard.Describe(t, c.Schedule))]),
            Part(t.Format("Committee_Part_Directives", c.Directives.Count), t["Committee_Action_EditDirectives"], CommitteeVerbs.EditDirectives,
                Directives(t, c)),
        };
        if (c.PastCycles.Count > 0)
        {
            body.Add(Text(t.Format("Committee_PastCycles", t.List(c.PastCycles.Select(p => p.Id).Reverse())), subtle: true));
        }

        return Card(body,
        [
            Execute(t["Committee_Action_History"], CommitteeVerbs.History, []),
            Execute(t["Committee_Action_NewCycle"], CommitteeVerbs.NewCycle, []),
            Execute(t["Committee_Action_PastReports"], CommitteeVerbs.PastCycles, []),
        ]);
    }

    private static IEnumerable<JToken> Directives(Texts t, Committee c)
    {
        if (c.Directives.Count == 0)
        {
            yield return Text(t["Committee_NoDirectives"], subtle: true);
        }

        foreach (var (d, i) in c.Directives.Take(DirectivesShown).Select((d, i) => (d, i)))
        {
            yield return Literal($"{i + 1}. {Shorten(d.Text.For(t.Culture))}");
        }

        if (c.Directives.Count > DirectivesShown)
        {
            yield return Text(t.Format("Committee_MoreDirectives", c.Directives.Count - DirectivesShown), subtle: true);
        }
    }

    private static JObject Units(Texts t, Committee c)
    {
        var lines = c.Units.Take(UnitsShown).Select(u => Literal(
            u.Contacts.Count == 0 ? $"{u.ShortName.For(t.Culture)} — {t["Committee_NoContacts"]}" : $"{u.ShortName.For(t.Culture)} — {t.List(u.Contacts.Select(p => p.Name))}")).ToList<JToken>();
        if (c.Units.Count > UnitsShown)
        {
            lines.Add(Text(t.Format("Committee_MoreUnits", c.Units.Count - UnitsShown), subtle: true));
        }

        if (c.RetiredUnits.Count > 0)
        {
            lines.Add(Text(t.Format("Committee_RetiredLine", t.List(c.RetiredUnits.Select(u => u.ShortName.For(t.Culture)))), subtle: true));
        }

        return Container(
        [
            Text(t.Format("Committee_Part_Units", c.Units.Count), weight: "bolder", size: "medium"),
            .. lines,
            ActionSet(
                Execute(t["Committee_Action_ManageUnits"], CommitteeVerbs.Units, new JObject { ["page"] = 0 }),
                Execute(t["Committee_Action_NewUnit"], CommitteeVerbs.NewUnit, [])),
        ], "emphasis");
    }

    private static JObject Part(string heading, string editTitle, string editVerb, IEnumerable<JToken> lines) => Container(
    [
        Text(heading, weight: "bolder", size: "medium"),
        .. lines,
        ActionSet(Execute(editTitle, editVerb, [])),
    ], "emphasis");

    /// <summary>Directive texts may be 1,000 characters; fifty of them must still fit in one Teams message.</summary>
    public static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    public static JObject ActionSet(params JObject[] actions) => new() { ["type"] = "ActionSet", ["actions"] = new JArray(actions) };
}
