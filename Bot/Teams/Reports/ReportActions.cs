using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Reports;

/// <summary>Teams side of unit reporting: turns commands and card actions into ReportService calls and cards.</summary>
internal sealed class ReportActions(ReportService reports)
{
    /// <summary>The `report` command (contacts, 1:1): the unit's card, or a unit picker for a contact of several units.</summary>
    public async Task ShowAsync(CommandRequest request)
    {
        var units = request.Roles.ContactOf;
        var card = units.Count == 1
            ? await CardForAsync(request.Texts, request.Committee, units[0], request.Cancellation).ConfigureAwait(false)
            : ReportCards.UnitPicker(request.Texts, units, request.Committee.CycleId);
        await request.Turn.SendActivityAsync(MessageFactory.Attachment(AsAttachment(card)), request.Cancellation).ConfigureAwait(false);
    }

    /// <summary>A unit chosen in the picker (or a report card opened from elsewhere).</summary>
    public Task<JObject> OpenAsync(CardRequest<ReportRef> request) =>
        InCycleAsync(request, request.Data.CycleId, unit => CardForAsync(request.Texts, request.Committee, unit, request.Cancellation));

    /// <summary>Edit on the summary: the form with the submitted text, unless reporting is closed.</summary>
    public Task<JObject> EditAsync(CardRequest<ReportRef> request) =>
        InCycleAsync(request, request.Data.CycleId, unit => EditCardAsync(request.Texts, request.Committee, unit, request.Cancellation));

    /// <summary>Save draft or Submit: the card that replaces the form (summary, form with errors, or the other contact's version).</summary>
    public Task<JObject> SaveAsync(CardRequest<ReportSave> request, bool submit) =>
        InCycleAsync(request, request.Data.CycleId, async unit =>
        {
            var data = request.Data;
            var save = new SaveReport(request.Identity, data.UnitId, data.CycleId, new ReportForm(data.Achievements, data.Priorities, data.Remark) { FollowUps = FollowUpInputs.From(data.Input) }, data.BaseVersion, request.OperationId, submit);
            var outcome = await reports.SaveAsync(save, request.Cancellation).ConfigureAwait(false);
            return await CardForOutcomeAsync(request.Texts, request.Committee, unit, save, outcome, request.Cancellation).ConfigureAwait(false);
        });

    public static Attachment AsAttachment(JObject card) => new() { ContentType = CardElements.ContentType, Content = card };

    /// <summary>A card of another cycle is answered with a notice; the front door has already checked the unit is the sender's.</summary>
    private static async Task<JObject> InCycleAsync<TData>(CardRequest<TData> request, string cycleId, Func<Unit, Task<JObject>> answer)
        where TData : class, IUnitCardData
    {
        var committee = request.Committee;
        if (cycleId != committee.CycleId || committee.FindUnit(request.Data.UnitId) is not { } unit)
        {
            return CardElements.Notice(RefusalText(request.Texts, committee, Refusal.WrongCycle));
        }

        return await answer(unit).ConfigureAwait(false);
    }

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
            ? CardElements.Notice(RefusalText(t, committee, Refusal.CycleClosed))
            : ReportCards.Form(t, data, new FormState(ReportForm.From(data.Report.CurrentContent), data.Report.Version, []));
    }

    private async Task<JObject> EditCardAsync(Texts t, Committee committee, Unit unit, CancellationToken cancellationToken)
    {
        var data = await DataAsync(committee, unit, null, cancellationToken).ConfigureAwait(false);
        if (data.Cycle.Closed)
        {
            return data.Report.Latest is null ? CardElements.Notice(RefusalText(t, committee, Refusal.CycleClosed)) : ReportCards.Summary(t, data);
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
