using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Proactive;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Directives;

/// <summary>Teams side of directives: the `directives` and `history` commands, the cards' verbs, and escalations.</summary>
internal sealed partial class DirectiveActions(
    DirectiveService directives,
    IProactiveMessenger messenger,
    ConversationReferences conversations,
    UnreachableRecipients unreachable,
    ILogger<DirectiveActions> logger)
{
    /// <summary>
    /// `directives` (contacts and organisers, 1:1): a contact gets their unit's card, an organiser the
    /// overview; someone who is both gets the overview first and their unit's card last, nearest the
    /// message box, to act on.
    /// </summary>
    public async Task ShowAsync(CommandRequest request)
    {
        var t = request.Texts;
        var committee = request.Committee;
        if (request.Roles.IsOrganiser)
        {
            var overview = DirectiveCards.Overview(t, committee, await directives.GetAllAsync(request.Cancellation).ConfigureAwait(false));
            await SendCardAsync(request, overview).ConfigureAwait(false);
        }

        foreach (var unit in request.Roles.ContactOf)
        {
            await SendCardAsync(request, await UnitCardAsync(t, committee, unit, null, request.Cancellation).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>`history &lt;unit or directive&gt;` (organisers).</summary>
    public async Task ShowHistoryAsync(CommandRequest request)
    {
        var t = request.Texts;
        var subject = request.Argument;
        if (string.IsNullOrWhiteSpace(subject))
        {
            await request.Turn.SendActivityAsync(t["History_Usage"], cancellationToken: request.Cancellation).ConfigureAwait(false);
            return;
        }

        var committee = request.Committee;
        var card = await HistoryCardAsync(t, committee, FindUnit(committee, subject)?.Id, FindDirective(committee, subject), request.Cancellation).ConfigureAwait(false);
        if (card is null)
        {
            await request.Turn.SendActivityAsync(t.Format("History_Unknown", subject.Trim()), cancellationToken: request.Cancellation).ConfigureAwait(false);
            return;
        }

        await SendCardAsync(request, card).ConfigureAwait(false);
    }

    /// <summary>The unit's directive card (from the report card's link).</summary>
    public async Task<JObject> OpenUnitAsync(CardRequest<UnitRef> request) =>
        request.Committee.FindUnit(request.Data.UnitId) is { } unit
            ? await UnitCardAsync(request.Texts, request.Committee, unit, null, request.Cancellation).ConfigureAwait(false)
            : CardElements.Notice(request.Texts["Directives_Refused"]);

    public async Task<JObject> SaveProgressAsync(CardRequest<DirectiveProgressSave> request) =>
        request.Committee.FindUnit(request.Data.UnitId) is { } unit
            ? await SaveProgressAsync(request.Texts, request.Committee, unit, request.Identity, request.Data, request.OperationId, request.Cancellation).ConfigureAwait(false)
            : CardElements.Notice(request.Texts["Directives_Refused"]);

    public async Task<JObject> OverviewAsync(TurnRequest request) =>
        DirectiveCards.Overview(request.Texts, request.Committee, await directives.GetAllAsync(request.Cancellation).ConfigureAwait(false));

    /// <summary>The edit card of one directive (organisers).</summary>
    public async Task<JObject> DefineAsync(CardRequest<DirectiveRef> request) =>
        await FindDefinitionAsync(request.Committee, request.Data.DirectiveId, request.Cancellation).ConfigureAwait(false) is { } definition
            ? DirectiveCards.Definition(request.Texts, request.Committee, definition, null, [], null)
            : await OverviewAsync(request).ConfigureAwait(false);

    public async Task<JObject> SaveDefinitionAsync(CardRequest<DirectiveDefinitionSave> request) =>
        await FindDefinitionAsync(request.Committee, request.Data.DirectiveId, request.Cancellation).ConfigureAwait(false) is { } definition
            ? await SaveDefinitionAsync(request.Texts, request.Committee, request.Identity, definition, request.Data, request.Cancellation).ConfigureAwait(false)
            : await OverviewAsync(request).ConfigureAwait(false);

    /// <summary>A directive's history button carries the directive; the overview's own button takes the unit chosen in its picker.</summary>
    public async Task<JObject> HistoryAsync(CardRequest<HistoryRef> request)
    {
        var data = request.Data;
        var card = data.DirectiveId is not null
            ? await HistoryCardAsync(request.Texts, request.Committee, null, data.DirectiveId, request.Cancellation).ConfigureAwait(false)
            : await HistoryCardAsync(request.Texts, request.Committee, data.HistoryUnit, null, request.Cancellation).ConfigureAwait(false);
        return card ?? await OverviewAsync(request).ConfigureAwait(false);
    }

    private async Task<JObject> SaveProgressAsync(Texts t, Committee committee, Unit unit, UserIdentity user, DirectiveProgressSave data, string operationId, CancellationToken cancellationToken)
    {
        var owned = await directives.GetOwnedByAsync(unit.Id, cancellationToken).ConfigureAwait(false);
        var inputs = owned.Select(s => s.Definition.Id).Select(id => new ProgressInput(
            id,
            data.Input(DirectiveInputs.Status(id)),
            data.Input(DirectiveInputs.Note(id)),
            data.Input(DirectiveInputs.Needs(id)),
            data.VersionOf(id))).ToList();
        var outcome = await directives.UpdateProgressAsync(user, unit.Id, inputs, operationId, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case ProgressOutcome.Invalid invalid:
                return DirectiveCards.UnitCard(t, committee, unit, owned.Select(s => new UnitSection(s, Typed(inputs, s), null, invalid.Errors.Where(e => e.DirectiveId == s.Definition.Id).ToList())).ToList(), t["Directives_FixErrors"]);
            case ProgressOutcome.Done done:
                await EscalateAsync(committee, unit, done, cancellationToken).ConfigureAwait(false);
                var fresh = await directives.GetOwnedByAsync(unit.Id, cancellationToken).ConfigureAwait(false);
                var conflicts = done.Sections.OfType<SectionResult.Conflict>().ToDictionary(c => c.DirectiveId);
                var sections = fresh.Select(s => conflicts.TryGetValue(s.Definition.Id, out var c)
                    ? new UnitSection(s, c.Yours, c.Current, [])
                    : new UnitSection(s, null, null, [])).ToList();
                return DirectiveCards.UnitCard(t, committee, unit, sections, SavedBanner(t, committee, user, done, owned));
            default:
                return CardElements.Notice(t["Directives_Refused"]);
        }
    }

    private async Task<JObject> SaveDefinitionAsync(Texts t, Committee committee, UserIdentity organiser, DirectiveDefinition definition, DirectiveDefinitionSave data, CancellationToken cancellationToken)
    {
        var owners = data.Owners.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var input = new DefinitionInput(definition.Id, data.TextZh, data.TextEn, owners, data.DueDate, data.BaseVersion);
        var outcome = await directives.UpdateDefinitionAsync(organiser, input, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            DefinitionOutcome.Saved saved => DirectiveCards.Definition(t, committee, saved.Definition, null, [], t.Format("Directives_DefinitionSaved", organiser.DisplayName)),
            DefinitionOutcome.Invalid invalid => DirectiveCards.Definition(t, committee, definition, input, invalid.Errors, t["Directives_FixErrors"]),
            DefinitionOutcome.Conflict conflict => DirectiveCards.Definition(t, committee, conflict.Current, input with { BaseVersion = conflict.Current.Version }, [], t["Directives_DefinitionConflict"]),
            _ => CardElements.Notice(t.Format("Directives_OrganisersOnly", t.OrganiserNames(committee))),
        };
    }

    /// <summary>Every organiser hears at once of a newly blocked directive; who cannot be reached is recorded for the digest.</summary>
    private async Task EscalateAsync(Committee committee, Unit unit, ProgressOutcome.Done done, CancellationToken cancellationToken)
    {
        foreach (var blocked in done.NewlyBlocked)
        {
            var definition = (await directives.GetAsync(blocked.DirectiveId, cancellationToken).ConfigureAwait(false)).Definition;
            foreach (var organiser in committee.Organisers)
            {
                var t = new Texts(committee.DefaultLanguage);
                var card = DirectiveCards.Escalation(t, committee, unit, definition, blocked.After);
                var key = $"escalation/{blocked.DirectiveId}/{unit.Id}/{blocked.After.Version}/{organiser.AadObjectId ?? organiser.Upn}";
                var aad = await conversations.AadObjectIdOfAsync(organiser, cancellationToken).ConfigureAwait(false);
                var result = aad is null
                    ? ProactiveResult.NoConversation
                    : await TrySendAsync(new ProactiveMessage(key, aad, t.Format("Escalation_Title", unit.ShortName.For(t.Culture), definition.Number), card), cancellationToken).ConfigureAwait(false);
                if (result is ProactiveResult.NoConversation or ProactiveResult.NotQueued)
                {
                    LogUnreachable(organiser.Name, result);
                    await unreachable.RecordAsync(new Unreachable(organiser.Name, result.ToString(), blocked.After.ChangedAt ?? default), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The unit's save is already stored: a notification that cannot be queued is recorded, never thrown back at the contact.</summary>
    private async Task<ProactiveResult> TrySendAsync(ProactiveMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await messenger.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEscalationFailed(ex, message.RecipientAadObjectId);
            return ProactiveResult.NotQueued;
        }
    }

    private async Task<JObject> UnitCardAsync(Texts t, Committee committee, Unit unit, string? banner, CancellationToken cancellationToken)
    {
        var owned = await directives.GetOwnedByAsync(unit.Id, cancellationToken).ConfigureAwait(false);
        return DirectiveCards.UnitCard(t, committee, unit, owned.Select(s => new UnitSection(s, null, null, [])).ToList(), banner);
    }

    private async Task<JObject?> HistoryCardAsync(Texts t, Committee committee, string? unitId, string? directiveId, CancellationToken cancellationToken)
    {
        if (unitId is not null && committee.FindAnyUnit(unitId) is { } unit)
        {
            return DirectiveCards.History(t, committee, unit.ShortName.For(t.Culture), await directives.HistoryOfUnitAsync(unit.Id, cancellationToken).ConfigureAwait(false));
        }

        if (directiveId is not null && committee.Directives.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.Id == directiveId) is { d: not null } found)
        {
            var subject = t.Format("Directives_Title", found.i + 1, found.d.Text.For(t.Culture));
            return DirectiveCards.History(t, committee, subject, await directives.HistoryOfDirectiveAsync(directiveId, cancellationToken).ConfigureAwait(false));
        }

        return null;
    }

    private async Task<DirectiveDefinition?> FindDefinitionAsync(Committee committee, string directiveId, CancellationToken cancellationToken) =>
        committee.Directives.Any(d => d.Id == directiveId) ? (await directives.GetAsync(directiveId, cancellationToken).ConfigureAwait(false)).Definition : null;

    private static ProgressInput? Typed(IReadOnlyList<ProgressInput> inputs, DirectiveState state) => inputs.FirstOrDefault(i => i.DirectiveId == state.Definition.Id);

    private static string SavedBanner(Texts t, Committee committee, UserIdentity user, ProgressOutcome.Done done, IReadOnlyList<DirectiveState> owned)
    {
        var saved = done.Sections.OfType<SectionResult.Saved>().ToList();
        if (saved.Count == 0)
        {
            return t["Directives_NothingChanged"];
        }

        var items = saved.Select(s => t.Format(
            "Directives_SavedItem",
            owned.First(o => o.Definition.Id == s.DirectiveId).Definition.Number,
            DirectiveCards.StatusWord(t, s.Before.Status),
            DirectiveCards.StatusWord(t, s.After.Status)));
        return t.Format("Directives_Saved", user.DisplayName, TimeFormat.Local(saved[0].After.ChangedAt!.Value, committee.TimeZone), t.List(items));
    }

    private static Task SendCardAsync(TurnRequest request, JObject card) =>
        request.Turn.SendActivityAsync(MessageFactory.Attachment(Reports.ReportActions.AsAttachment(card)), request.Cancellation);

    private static Unit? FindUnit(Committee committee, string text) => committee.Units.Concat(committee.RetiredUnits).FirstOrDefault(u =>
        string.Equals(u.Id, text.Trim(), StringComparison.OrdinalIgnoreCase) || u.ShortName.Zh == text.Trim() ||
        string.Equals(u.ShortName.En, text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? FindDirective(Committee committee, string text)
    {
        var trimmed = text.Trim().TrimStart('d', 'D');
        return int.TryParse(trimmed, out var n) && n >= 1 && n <= committee.Directives.Count ? committee.Directives[n - 1].Id : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending an escalation to {Recipient} failed")]
    private partial void LogEscalationFailed(Exception exception, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell organiser {Organiser} of a blocked directive: {Result}")]
    private partial void LogUnreachable(string organiser, ProactiveResult result);
}
