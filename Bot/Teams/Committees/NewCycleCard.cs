using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The confirmation before the next cycle opens: its years, its deadline, and what happens to the directives.</summary>
internal static class NewCycleCard
{
    public static JObject Build(Texts t, Committee c, NewCycleInput? typed, AdminCardState state)
    {
        var nextYear = c.ReportingYear + 1;
        var suggestedDeadline = Date(SameDayNextYear(c.SubmissionDeadline));
        var body = new List<JToken?>
        {
            Title(t["NewCycle_Title"]),
            Banner(state),
            Text(t.Format("NewCycle_Current", c.ReportingYear, c.PlanYear), weight: "bolder"),
            Text(t["NewCycle_Explain"], subtle: true),
        };
        body.AddRange(CardErrors(t, state));
        body.AddRange(TextInput(t, state, AdminField.ReportingYear, AdminInputs.ReportingYear, t["NewCycle_ReportingYear"], typed?.ReportingYear ?? nextYear.ToString(t.Culture)));
        body.Add(Text(t.Format("NewCycle_PlanYearFollows", nextYear, nextYear + 1), subtle: true));
        body.AddRange(DateInput(t, state, AdminField.Deadline, AdminInputs.Deadline, t["NewCycle_Deadline"], typed?.Deadline ?? suggestedDeadline));
        body.AddRange(WithError(t, state, AdminField.DirectivesChoice, Choices(
            AdminInputs.DirectivesChoice,
            t.Format("NewCycle_Directives", c.Directives.Count),
            typed?.Directives ?? NewCycleInput.CarryOver,
            [(t["NewCycle_CarryOver"], NewCycleInput.CarryOver), (t["NewCycle_NewDirectives"], NewCycleInput.NewDirectives)],
            style: "expanded")));
        return Card(body,
        [
            Execute(t["NewCycle_Action_Confirm"], CommitteeVerbs.ConfirmCycle, new JObject { ["base"] = c.CycleId }, "positive"),
            Back(t),
        ]);
    }

    private static DateOnly SameDayNextYear(DateOnly date) =>
        new(date.Year + 1, date.Month, Math.Min(date.Day, DateTime.DaysInMonth(date.Year + 1, date.Month)));
}
