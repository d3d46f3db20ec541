using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
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
    /// `directives`: a contact gets their unit's card, an organiser the overview; someone who is both
    /// gets the overview first and their unit's card last, nearest the message box, to act on.
    /// </summary>
    public async Task ShowAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        if (!user.Roles.IsContact && !user.Roles.IsOrganiser)
        {
            await turn.SendActivityAsync(t.Format("NotContact_Message", committee.Meeting.Title.For(t.Culture), t.OrganiserNames(committee)), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (user.Roles.IsOrganiser)
        {
            var overview = DirectiveCards.Overview(t, committee, await directives.GetAllAsync(cancellationToken).ConfigureAwait(false));
            await turn.SendActivityAsync(MessageFactory.Attachment(Reports.ReportActions.AsAttachment(overview)), cancellationToken).ConfigureAwait(false);
        }

        if (user.Roles.IsContact && turn.Activity.Conversation?.ConversationType == "personal")
        {
            foreach (var unit in user.Roles.ContactOf)
            {
                var card = await UnitCardAsync(t, committee, unit, null, cancellationToken).ConfigureAwait(false);
                await turn.SendActivityAsync(MessageFactory.Attachment(Reports.ReportActions.AsAttachment(card)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>`history &lt;unit or directive&gt;` for organisers.</summary>
    public async Task ShowHistoryAsync(ITurnContext turn, TurnUser user, string? subject, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        if (!user.Roles.IsOrganiser)
        {
            await turn.SendActivityAsync(t.Format("Directives_OrganisersOnly", t.OrganiserNames(committee)), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrWhiteSpace(subject))
        {
            await turn.SendActivityAsync(t["History_Usage"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var card = await HistoryCardAsync(t, committee, FindUnit(committee, subject)?.Id, FindDirective(committee, subject), cancellationToken).ConfigureAwait(false);
        if (card is null)
        {
            await turn.SendActivityAsync(t.Format("History_Unknown", subject.Trim()), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await turn.SendActivityAsync(MessageFactory.Attachment(Reports.ReportActions.AsAttachment(card)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JObject> ExecuteAsync(ITurnContext turn, string verb, JObject? data, TurnUser user, string operationId, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        var unitId = (string?)data?["unitId"] ?? string.Empty;
        switch (verb)
        {
            case DirectiveVerbs.Open when committee.FindUnit(unitId) is { } unit && user.Roles.IsContactOf(unit.Id):
                return await UnitCardAsync(t, committee, unit, null, cancellationToken).ConfigureAwait(false);
            case DirectiveVerbs.Save when committee.FindUnit(unitId) is { } unit && user.Identity is { } identity && user.Roles.IsContactOf(unit.Id):
                return await SaveProgressAsync(t, committee, unit, identity, data!, operationId, cancellationToken).ConfigureAwait(false);
            case DirectiveVerbs.Open or DirectiveVerbs.Save:
                return ReportsNotice(t["Directives_Refused"]);
        }

        if (!user.Roles.IsOrganiser || user.Identity is not { } organiser)
        {
            return ReportsNotice(t.Format("Directives_OrganisersOnly", t.OrganiserNames(committee)));
        }

        var directiveId = (string?)data?["directiveId"];
        var definition = directiveId is null ? null : await FindDefinitionAsync(committee, directiveId, cancellationToken).ConfigureAwait(false);
        return verb switch
        {
            DirectiveVerbs.Define when definition is not null => DirectiveCards.Definition(t, committee, definition, null, [], null),
            DirectiveVerbs.SaveDefinition when definition is not null => await SaveDefinitionAsync(t, committee, organiser, definition, data!, cancellationToken).ConfigureAwait(false),
            DirectiveVerbs.History => await HistoryCardAsync(t, committee, (string?)data?["historyUnit"], definition?.Id, cancellationToken).ConfigureAwait(false)
                ?? DirectiveCards.Overview(t, committee, await directives.GetAllAsync(cancellationToken).ConfigureAwait(false)),
            _ => DirectiveCards.Overview(t, committee, await directives.GetAllAsync(cancellationToken).ConfigureAwait(false)),
        };
    }

    private async Task<JObject> SaveProgressAsync(Texts t, Committee committee, Unit unit, UserIdentity user, JObject data, string operationId, CancellationToken cancellationToken)
    {
        var owned = await directives.GetOwnedByAsync(unit.Id, cancellationToken).ConfigureAwait(false);
        var inputs = owned.Select(s => s.Definition.Id).Select(id => new ProgressInput(
            id,
            (string?)data[DirectiveInputs.Status(id)] ?? string.Empty,
            (string?)data[DirectiveInputs.Note(id)] ?? string.Empty,
            (string?)data[DirectiveInputs.Needs(id)] ?? string.Empty,
            (int?)data["versions"]?[id] ?? 0)).ToList();
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
                return ReportsNotice(t["Directives_Refused"]);
        }
    }

    private async Task<JObject> SaveDefinitionAsync(Texts t, Committee committee, UserIdentity organiser, DirectiveDefinition definition, JObject data, CancellationToken cancellationToken)
    {
        var owners = ((string?)data["owners"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var input = new DefinitionInput(definition.Id, (string?)data["textZh"] ?? string.Empty, (string?)data["textEn"] ?? string.Empty, owners, (string?)data["dueDate"] ?? string.Empty, (int?)data["baseVersion"] ?? 0);
        var outcome = await directives.UpdateDefinitionAsync(organiser, input, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            DefinitionOutcome.Saved saved => DirectiveCards.Definition(t, committee, saved.Definition, null, [], t.Format("Directives_DefinitionSaved", organiser.DisplayName)),
            DefinitionOutcome.Invalid invalid => DirectiveCards.Definition(t, committee, definition, input, invalid.Errors, t["Directives_FixErrors"]),
            DefinitionOutcome.Conflict conflict => DirectiveCards.Definition(t, committee, conflict.Current, input with { BaseVersion = conflict.Current.Version }, [], t["Directives_DefinitionConflict"]),
            _ => ReportsNotice(t.Format("Directives_OrganisersOnly", t.OrganiserNames(committee))),
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

    private static Unit? FindUnit(Committee committee, string text) => committee.Units.Concat(committee.RetiredUnits).FirstOrDefault(u =>
        string.Equals(u.Id, text.Trim(), StringComparison.OrdinalIgnoreCase) || u.ShortName.Zh == text.Trim() ||
        string.Equals(u.ShortName.En, text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? FindDirective(Committee committee, string text)
    {
        var trimmed = text.Trim().TrimStart('d', 'D');
        return int.TryParse(trimmed, out var n) && n >= 1 && n <= committee.Directives.Count ? committee.Directives[n - 1].Id : null;
    }

    private static JObject ReportsNotice(string message) => Reports.ReportCards.Notice(message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending an escalation to {Recipient} failed")]
    private partial void LogEscalationFailed(Exception exception, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell organiser {Organiser} of a blocked directive: {Result}")]
    private partial void LogUnreachable(string organiser, ProactiveResult result);
}
