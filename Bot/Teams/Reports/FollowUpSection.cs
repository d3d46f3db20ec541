using System.Globalization;
using CooperationBot.Localization;
using CooperationBot.Reports;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Reports;

/// <summary>Input ids of the follow-up of last cycle's priorities: one status and one note per priority.</summary>
internal static class FollowUpInputs
{
    public static string Status(int index) => string.Create(CultureInfo.InvariantCulture, $"followup.{index}.status");

    public static string Note(int index) => string.Create(CultureInfo.InvariantCulture, $"followup.{index}.note");

    /// <summary>What the card sent about each previous priority.</summary>
    public static IReadOnlyList<FollowUpInput> From(Func<string, string?> input)
    {
        var inputs = new List<FollowUpInput>();
        for (var i = 0; i < ReportRules.MaxItems && input(Status(i)) is { } status; i++)
        {
            inputs.Add(new FollowUpInput(i, status, input(Note(i)) ?? string.Empty));
        }

        return inputs;
    }
}

/// <summary>
/// The part of the report card that follows up last cycle: each priority the unit announced then, and
/// how it went (done / partly / not yet / dropped, with a short note).
/// </summary>
internal static class FollowUpSection
{
    public static IEnumerable<JToken> Inputs(Texts t, ReportCardData data, FormState state)
    {
        var previous = data.PreviousPriorities;
        if (previous.Count == 0)
        {
            yield break;
        }

        yield return Text(t.Format("FollowUp_Heading", data.Committee.PreviousCycle?.PlanYear ?? data.Committee.ReportingYear), weight: "bolder", size: "medium");
        yield return Text(t["FollowUp_Intro"], subtle: true);
        for (var i = 0; i < previous.Count; i++)
        {
            var typed = state.Form.FollowUps.FirstOrDefault(f => f.Index == i);
            yield return Literal($"{i + 1}. {previous[i]}", bold: true);
            yield return new JObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = FollowUpInputs.Status(i),
                ["label"] = t.Format("FollowUp_StatusLabel", i + 1),
                ["style"] = "compact",
                ["placeholder"] = t["FollowUp_Choose"],
                ["value"] = typed?.Status ?? string.Empty,
                ["choices"] = new JArray(Enum.GetValues<FollowUpStatus>().Select(s => new JObject { ["title"] = StatusWord(t, s), ["value"] = s.ToString() })),
            };
            if (ErrorFor(t, state, ReportField.FollowUpStatus, i) is { } statusError)
            {
                yield return Error($"error-{FollowUpInputs.Status(i)}", statusError);
            }

            yield return new JObject
            {
                ["type"] = "Input.Text",
                ["id"] = FollowUpInputs.Note(i),
                ["label"] = t.Format("FollowUp_NoteLabel", FollowUpRules.MaxNoteLength),
                ["value"] = typed?.Note ?? string.Empty,
            };
            if (ErrorFor(t, state, ReportField.FollowUpNote, i) is { } noteError)
            {
                yield return Error($"error-{FollowUpInputs.Note(i)}", noteError);
            }
        }
    }

    /// <summary>The answers as a submitted report shows them.</summary>
    public static IEnumerable<JToken> Summary(Texts t, ReportContent content)
    {
        if (content.FollowUps.Count == 0)
        {
            yield break;
        }

        yield return Text(t.Format("FollowUp_SummaryHeading", content.FollowUps.Count(f => f.Status == FollowUpStatus.Done), content.FollowUps.Count), weight: "bolder");
        foreach (var followUp in content.FollowUps)
        {
            var status = followUp.Status is { } s ? StatusWord(t, s) : t["FollowUp_NoAnswer"];
            yield return Literal(followUp.Note is null ? $"• {followUp.Priority} — {status}" : $"• {followUp.Priority} — {status}{t["FollowUp_NoteSeparator"]}{followUp.Note}");
        }
    }

    public static string StatusWord(Texts t, FollowUpStatus status) => t["FollowUp_Status_" + status];

    private static string? ErrorFor(Texts t, FormState state, ReportField field, int index)
    {
        var error = state.Errors.FirstOrDefault(e => e.Field == field && e.Argument == index + 1);
        return error is null ? null
            : field == ReportField.FollowUpStatus ? t["FollowUp_Error_StatusRequired"]
            : t.Format("FollowUp_Error_NoteTooLong", FollowUpRules.MaxNoteLength);
    }
}
