using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Reports;

/// <summary>Teams side of unit reporting: turns commands and card actions into ReportService calls and cards.</summary>
internal sealed class ReportActions(ReportService reports)
{
    /// <summary>The `report` command: the unit's card, a unit picker, or why there is none.</summary>
    public async Task ShowAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        if (turn.Activity.Conversation?.ConversationType != "personal")
        {
            await turn.SendActivityAsync(t["Personal_Only"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var units = user.Roles.ContactOf;
        if (units.Count == 0)
        {
            var message = t.Format("NotContact_Message", committee.Meeting.Title.For(t.Culture), t.OrganiserNames(committee));
            await turn.SendActivityAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var card = units.Count == 1
            ? await CardForAsync(t, committee, units[0], cancellationToken).ConfigureAwait(false)
            : ReportCards.UnitPicker(t, units, committee.CycleId);
        await turn.SendActivityAsync(MessageFactory.Attachment(AsAttachment(card)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handles one of the report card's Action.Execute verbs and returns the card that replaces it.</summary>
    public async Task<JObject> ExecuteAsync(string verb, ReportActionData data, TurnUser user, string operationId, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        var identity = user.Identity;
        var denied = identity is null ? Refusal.NotContactOfUnit : reports.CheckAccess(committee, identity, data.UnitId, data.CycleId);
        if (identity is null || denied is not null)
        {
            // A card naming a unit or cycle that is not this user's: nothing to show or keep.
            return ReportCards.Notice(RefusalText(t, committee, denied ?? Refusal.NotContactOfUnit));
        }

        var unit = committee.FindUnit(data.UnitId)!;
        switch (verb)
        {
            case ReportVerbs.Open:
                return await CardForAsync(t, committee, unit, cancellationToken).ConfigureAwait(false);
            case ReportVerbs.Edit:
                return await EditCardAsync(t, committee, unit, cancellationToken).ConfigureAwait(false);
            default:
                var request = new SaveReport(identity, data.UnitId, data.CycleId, data.Form, data.BaseVersion, operationId, verb == ReportVerbs.Submit);
                var outcome = await reports.SaveAsync(request, cancellationToken).ConfigureAwait(false);
                return await CardForOutcomeAsync(t, committee, unit, request, outcome, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Attachment AsAttachment(JObject card) => new() { ContentType = CardElements.ContentType, Content = card };

    private async Task<JObject> CardForOutcomeAsync(Texts t, Committee committee, Unit unit, SaveReport request, ReportOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case ReportOutcome.Saved saved:
                var data = await DataAsync(committee, unit, saved.Report, cancellationToken).ConfigureAwait(false);
                return request.Submit
                    ? ReportCards.Summary(t, data)
                    : ReportCards.Form(t, data, new FormState(ReportForm.From(saved.Report.CurrentContent), saved.Report.Version, []));
            case ReportOutcome.Invalid invalid:
                var current = await DataAsync(committee, unit, null, cancellationToken).ConfigureAwait(false);
                return ReportCards.Form(t, current, new FormState(request.Form, request.BaseVersion, invalid.Errors, t["ReportCard_FixErrors"]));
            case ReportOutcome.Conflict conflict:
                var theirs = await DataAsync(committee, unit, conflict.Current, cancellationToken).ConfigureAwait(false);
                var who = conflict.Current.Draft?.SavedByName ?? conflict.Current.Latest?.SubmittedByName ?? string.Empty;
                var when = conflict.Current.Draft?.SavedAt ?? conflict.Current.Latest?.SubmittedAt ?? default;
                var banner = t.Format("ReportCard_Conflict", who, TimeFormat.Local(when, committee.TimeZone));

                // The form now carries the latest version: saving again is a deliberate choice over theirs.
                return ReportCards.Form(t, theirs, new FormState(request.Form, conflict.Current.Version, [], banner, conflict.Current.CurrentContent));
            case ReportOutcome.Refused refused:
                var stored = await DataAsync(committee, unit, null, cancellationToken).ConfigureAwait(false);
                return ReportCards.Form(t, stored, new FormState(request.Form, request.BaseVersion, [], RefusalText(t, committee, refused.Reason)));
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}");
        }
    }

    /// <summary>The card a contact of the unit sees now: the summary once submitted, else the form with any draft.</summary>
    public async Task<JObject> CardForAsync(Texts t, Committee committee, Unit unit, CancellationToken cancellationToken)
    {
        var data = await DataAsync(committee, unit, null, cancellationToken).ConfigureAwait(false);
        if (data.Report.Status == ReportStatus.Submitted && (data.Report.Draft is null || data.Cycle.Closed))
        {
            return ReportCards.Summary(t, data);
        }

        return data.Cycle.Closed
            ? ReportCards.Notice(RefusalText(t, committee, Refusal.CycleClosed))
            : ReportCards.Form(t, data, new FormState(ReportForm.From(data.Report.CurrentContent), data.Report.Version, []));
    }

    private async Task<JObject> EditCardAsync(Texts t, Committee committee, Unit unit, CancellationToken cancellationToken)
    {
        var data = await DataAsync(committee, unit, null, cancellationToken).ConfigureAwait(false);
        if (data.Cycle.Closed)
        {
            return data.Report.Latest is null ? ReportCards.Notice(RefusalText(t, committee, Refusal.CycleClosed)) : ReportCards.Summary(t, data);
        }

        return ReportCards.Form(t, data, new FormState(ReportForm.From(data.Report.CurrentContent), data.Report.Version, []));
    }

    private async Task<ReportCardData> DataAsync(Committee committee, Unit unit, UnitReport? known, CancellationToken cancellationToken)
    {
        var report = known ?? await reports.GetAsync(unit.Id, cancellationToken).ConfigureAwait(false);
        var cycle = await reports.GetCycleAsync(cancellationToken).ConfigureAwait(false);
        var previous = await reports.PreviousPrioritiesAsync(committee, unit.Id, cancellationToken).ConfigureAwait(false);
        return new ReportCardData(committee, unit, report, cycle) { PreviousPriorities = previous };
    }

    private static string RefusalText(Texts t, Committee committee, Refusal denied) => denied switch
    {
        Refusal.WrongCycle => t["Refused_WrongCycle"],
        Refusal.CycleClosed => t.Format("Refused_CycleClosed", t.Format("Cycle_Name", committee.ReportingYear, committee.PlanYear), t.OrganiserNames(committee)),
        Refusal.NotOrganiser => t.OrganisersOnly(committee),
        _ => t["Refused_NotContactOfUnit"],
    };

}

/// <summary>The data an Action.Execute from a report card carries: its own fields plus the inputs.</summary>
internal sealed record ReportActionData(string UnitId, string CycleId, int BaseVersion, ReportForm Form)
{
    public static ReportActionData From(JObject? data) => new(
        (string?)data?["unitId"] ?? string.Empty,
        (string?)data?["cycleId"] ?? string.Empty,
        int.TryParse((string?)data?["baseVersion"], out var version) ? version : 0,
        new ReportForm(
            (string?)data?[ReportInputs.Achievements] ?? string.Empty,
            (string?)data?[ReportInputs.Priorities] ?? string.Empty,
            (string?)data?[ReportInputs.Remark] ?? string.Empty)
        {
            FollowUps = FollowUpInputs.From(data),
        });
}
