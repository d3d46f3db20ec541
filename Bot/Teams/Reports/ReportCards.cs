using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Reports;

/// <summary>The input ids of the report form; they are also the keys of the submitted data.</summary>
internal static class ReportInputs
{
    public const string Achievements = "achievements";
    public const string Priorities = "priorities";
    public const string Remark = "remark";
}

/// <summary>Everything a report card shows about one unit's report.</summary>
internal sealed record ReportCardData(Committee Committee, Unit Unit, UnitReport Report, CycleState Cycle)
{
    /// <summary>What the unit announced last cycle, which this card follows up (empty in a first cycle).</summary>
    public IReadOnlyList<string> PreviousPriorities { get; init; } = [];
}

/// <summary>What the form shows besides the stored report: the user's text, and why it came back.</summary>
internal sealed record FormState(ReportForm Form, int BaseVersion, IReadOnlyList<FieldError> Errors, string? Banner = null, ReportContent? TheirVersion = null);

internal static class ReportCards
{
    public static JObject Form(Texts t, ReportCardData data, FormState state)
    {
        var c = data.Committee;
        var body = new List<JToken?>
        {
            Header(t, data),
            Text(t.Format("ReportCard_Intro", c.Meeting.Title.For(t.Culture)), subtle: true),
            Text(t.Format("ReportCard_Deadline", c.SubmissionDeadline.ToString("yyyy-MM-dd", t.Culture)), subtle: true),
            StatusLine(t, data),
            state.Banner is null ? null : Container([Text(state.Banner, color: "attention", weight: "bolder")], "attention"),
            state.TheirVersion is null ? null : Container(
                [Text(t["ReportCard_TheirVersion"], weight: "bolder"), .. Bullets(state.TheirVersion.Achievements), .. Bullets(state.TheirVersion.Priorities)],
                "emphasis"),
        };
        body.AddRange(FollowUpSection.Inputs(t, data, state));
        body.AddRange(Input(ReportInputs.Achievements, t.Format("ReportCard_Achievements", c.ReportingYear), state.Form.Achievements, t["ReportCard_AchievementsPlaceholder"], true, ErrorFor(t, state, ReportField.Achievements)));
        body.AddRange(Input(ReportInputs.Priorities, t.Format("ReportCard_Priorities", c.PlanYear), state.Form.Priorities, t["ReportCard_PrioritiesPlaceholder"], true, ErrorFor(t, state, ReportField.Priorities)));
        body.AddRange(Input(ReportInputs.Remark, t["ReportCard_Remark"], state.Form.Remark, null, false, ErrorFor(t, state, ReportField.Remark)));
        var whole = ErrorFor(t, state, ReportField.Report);
        if (whole is not null)
        {
            body.Add(Error("error-report", whole));
        }

        var actionData = ActionData(data, state.BaseVersion);
        return Card(body,
        [
            Execute(t["Action_SaveDraft"], Verbs.ReportSave, actionData),
            Execute(t["Action_Submit"], Verbs.ReportSubmit, actionData, "positive"),
            DirectivesLink(t, data),
        ]);
    }

    /// <summary>The read-only view after a submission; Edit stays until organisers close reporting.</summary>
    public static JObject Summary(Texts t, ReportCardData data)
    {
        var c = data.Committee;
        var latest = data.Report.Latest ?? throw new InvalidOperationException("A summary needs a submitted revision.");
        var body = new List<JToken?>
        {
            Header(t, data),
            Text(t.Format("Summary_SubmittedBy", latest.SubmittedByName, TimeFormat.Local(latest.SubmittedAt, c.TimeZone), latest.Number), weight: "bolder", color: "good"),
        };
        body.AddRange(FollowUpSection.Summary(t, latest.Content));
        body.Add(Text(t.Format("Summary_Achievements", c.ReportingYear), weight: "bolder"));
        body.AddRange(Bullets(latest.Content.Achievements));
        body.Add(Text(t.Format("Summary_Priorities", c.PlanYear), weight: "bolder"));
        body.AddRange(Bullets(latest.Content.Priorities));
        if (latest.Content.Remark is { } remark)
        {
            body.Add(Text(t["Summary_Remark"], weight: "bolder"));
            body.Add(Literal(remark));
        }

        if (data.Report.Draft is { } draft)
        {
            body.Add(Text(t.Format("Summary_PendingDraft", draft.SavedByName, TimeFormat.Local(draft.SavedAt, c.TimeZone)), subtle: true));
        }

        body.Add(Text(t[data.Cycle.Closed ? "Summary_Closed" : "Summary_EditUntilClosed"], subtle: true));
        return Card(body, data.Cycle.Closed
            ? [DirectivesLink(t, data)]
            : [Execute(t["Action_Edit"], Verbs.ReportEdit, ActionData(data, data.Report.Version)), DirectivesLink(t, data)]);
    }

    public static JObject UnitPicker(Texts t, IReadOnlyList<Unit> units, string cycleId) => Card(
        [Text(t["Picker_Title"], weight: "bolder", size: "medium")],
        units.Select(u => (JToken)Execute(u.ShortName.For(t.Culture), Verbs.ReportOpen, new JObject { ["unitId"] = u.Id, ["cycleId"] = cycleId })));

    private static JObject Header(Texts t, ReportCardData data) =>
        Text(t.Format("ReportCard_Title", data.Unit.ShortName.For(t.Culture), data.Committee.ReportingYear, data.Committee.PlanYear), size: "large", weight: "bolder");

    private static JObject? StatusLine(Texts t, ReportCardData data)
    {
        var zone = data.Committee.TimeZone;
        if (data.Report.Draft is { } draft)
        {
            return Text(t.Format("ReportCard_DraftSaved", draft.SavedByName, TimeFormat.Local(draft.SavedAt, zone)), subtle: true);
        }

        return data.Report.Latest is { } latest
            ? Text(t.Format("ReportCard_LastSubmitted", latest.Number, latest.SubmittedByName, TimeFormat.Local(latest.SubmittedAt, zone)), subtle: true)
            : null;
    }

    /// <summary>The way from a unit's report to its progress on the chair's directives.</summary>
    private static JObject DirectivesLink(Texts t, ReportCardData data) =>
        Execute(t["Directives_Action_Open"], Verbs.DirectivesOpen, new JObject { ["unitId"] = data.Unit.Id });

    private static JObject ActionData(ReportCardData data, int baseVersion) =>
        new() { ["unitId"] = data.Unit.Id, ["cycleId"] = data.Report.CycleId, ["baseVersion"] = baseVersion };

    private static IEnumerable<JObject> Input(string id, string label, string value, string? placeholder, bool multiline, string? error)
    {
        var input = new JObject
        {
            ["type"] = "Input.Text",
            ["id"] = id,
            ["label"] = label,
            ["value"] = value,
            ["isMultiline"] = multiline,
        };
        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }

        yield return input;
        if (error is not null)
        {
            yield return Error($"error-{id}", error);
        }
    }

    private static string? ErrorFor(Texts t, FormState state, ReportField field)
    {
        var errors = state.Errors.Where(e => e.Field == field).Select(e => Describe(t, e)).ToList();
        return errors.Count == 0 ? null : string.Join(' ', errors);
    }

    private static string Describe(Texts t, FieldError error) => error.Error switch
    {
        ReportError.Required => t["Error_Required"],
        ReportError.TooManyItems => t.Format("Error_TooManyItems", error.Argument),
        ReportError.ItemTooLong => t.Format("Error_ItemTooLong", error.Argument),
        ReportError.TooLong => t.Format("Error_TooLong", error.Argument),
        ReportError.ReportTooLarge => t.Format("Error_ReportTooLarge", error.Argument),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error.Error, null),
    };
}
