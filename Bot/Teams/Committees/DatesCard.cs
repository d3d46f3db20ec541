using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The cycle's years, the submission deadline and the committee's time zone.</summary>
internal static class DatesCard
{
    public static JObject Build(Texts t, Committee c, DatesInput? typed, AdminCardState state)
    {
        var body = new List<JToken?>
        {
            Title(t["Committee_Part_Dates"]),
            Banner(state),
            Text(t["Committee_DatesIntro"], subtle: true),
        };
        body.AddRange(CardErrors(t, state));
        body.AddRange(TextInput(t, state, AdminField.ReportingYear, AdminInputs.ReportingYear, t["Committee_ReportingYear"], typed?.ReportingYear ?? c.ReportingYear.ToString(t.Culture)));
        body.Add(Text(t.Format("Committee_PlanYearFollows", c.PlanYear), subtle: true));
        body.AddRange(DateInput(t, state, AdminField.Deadline, AdminInputs.Deadline, t["Committee_Deadline"], typed?.Deadline ?? Date(c.SubmissionDeadline)));
        body.AddRange(TextInput(t, state, AdminField.TimeZone, AdminInputs.TimeZone, t["Committee_TimeZone"], typed?.TimeZone ?? c.TimeZone.Id, placeholder: "Asia/Shanghai"));
        return Card(body, [Save(t, CommitteeVerbs.SaveDates, new JObject { ["base"] = CommitteeRules.DatesVersion(c) }), Back(t)]);
    }
}
