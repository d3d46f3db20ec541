using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CooperationBot.Conversations;
using CooperationBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>What answers a card button: the card that replaces it, or a polite 400 for data that could not be read.</summary>
internal abstract record CardReply
{
    private CardReply()
    {
    }

    public sealed record Card(JObject Content) : CardReply;

    public sealed record BadRequest(string Message) : CardReply;
}

/// <summary>
/// The only place roles and places are checked. Every command and card verb is looked up in the table
/// (<see cref="CommandCatalog"/>, <see cref="CardVerbs"/>); the sender's roles come from the activity's
/// identity (<see cref="TurnUser"/>), the place from the conversation type, and card data is bound to the
/// entry's record. A feature runs only for a request its entry admits.
/// </summary>
internal sealed partial class FrontDoor(Features features, ChannelDirectory channels, ILogger<FrontDoor> logger)
{
    public const string CardActionInvoke = "adaptiveCard/action";

    public async Task HandleMessageAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var text = turn.Activity.RemoveRecipientMention() ?? turn.Activity.Text;
        var match = CommandCatalog.Match(text);
        if (match is null)
        {
            await features.Help.ShowUnknownAsync(new CommandRequest(turn, user, text, cancellationToken)).ConfigureAwait(false);
            return;
        }

        var command = match.Definition;
        var t = user.Texts;
        var word = t.IsChinese ? command.Chinese : command.English;
        var place = Places.Of(turn.Activity.Conversation?.ConversationType);
        string? refusal = null;
        if (place == CommandScopes.None || !command.Scopes.HasFlag(place))
        {
            refusal = WrongPlace(t, command.Scopes, word);
        }
        else if (!await AdmitsAsync(command.Who, turn, user, unitId: null, cancellationToken).ConfigureAwait(false))
        {
            refusal = NotYours(t, user, command.Who, card: false);
        }

        if (refusal is not null)
        {
            LogRefused(command.English, user.Identity?.AadObjectId);
            await turn.SendActivityAsync(refusal, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await command.Handle(features, new CommandRequest(turn, user, match.Argument, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<CardReply> ExecuteCardAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        if (!TryReadAction(turn.Activity.Value, out var verb, out var data))
        {
            LogUnreadable(verb ?? "?");
            return new CardReply.BadRequest(t["Card_Unreadable"]);
        }

        if (CardVerbs.Find(verb) is not { } route)
        {
            LogUnreadable(verb);
            return new CardReply.BadRequest(t["Card_Unknown"]);
        }

        var place = Places.Of(turn.Activity.Conversation?.ConversationType);
        if (place == CommandScopes.None || !route.Where.HasFlag(place))
        {
            LogRefused(verb, user.Identity?.AadObjectId);
            return Notice(t["Card_WrongPlace"]);
        }

        // Roles that need no data are checked before the data is read; a contact-of-unit check needs the unit.
        if (!await AdmitsAsync(route.Who, turn, user, unitId: null, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(verb, user.Identity?.AadObjectId);
            return Notice(NotYours(t, user, route.Who, card: true));
        }

        if (!CardDataBinder.TryBind(route.DataType, data, out var bound))
        {
            LogUnreadable(verb);
            return new CardReply.BadRequest(t["Card_Unreadable"]);
        }

        if (!await AdmitsAsync(route.Who, turn, user, (bound as IUnitCardData)?.UnitId ?? string.Empty, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(verb, user.Identity?.AadObjectId);
            return Notice(NotYours(t, user, route.Who, card: true));
        }

        // The activity id makes a redelivered invoke idempotent.
        var operationId = turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        var card = await route.RunAsync(features, turn, user, bound!, operationId, cancellationToken).ConfigureAwait(false);
        return new CardReply.Card(card);
    }

    /// <summary>
    /// Whether the sender holds one of the roles. With <paramref name="unitId"/> null the contact-of-unit
    /// role is judged as "a contact of some unit" (the data is not read yet); with it, for that unit.
    /// </summary>
    private async Task<bool> AdmitsAsync(Who who, ITurnContext turn, TurnUser user, string? unitId, CancellationToken cancellationToken)
    {
        if (who.HasFlag(Who.Anyone))
        {
            return true;
        }

        if (user.Identity is null)
        {
            return false;
        }

        var roles = user.Roles;
        if ((who.HasFlag(Who.Organiser) && roles.IsOrganiser)
            || (who.HasFlag(Who.Contact) && roles.IsContact)
            || (who.HasFlag(Who.ContactOfUnit) && (unitId is null ? roles.IsContact : roles.IsContactOf(unitId))))
        {
            return true;
        }

        return who.HasFlag(Who.CommitteeTeam)
            && turn.Activity.GetChannelData<TeamsChannelData>()?.Team?.Id is { } teamId
            && await channels.IsCommitteeTeamAsync(teamId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why this person may not: who registers contacts, or who the organisers are.</summary>
    private static string NotYours(Texts t, TurnUser user, Who who, bool card)
    {
        var committee = user.Committee;
        if (who.HasFlag(Who.ContactOfUnit) || who.HasFlag(Who.Contact))
        {
            return card ? t["Refused_NotContactOfUnit"] : t.Format("NotContact_Message", committee.Meeting.Title.For(t.Culture), t.OrganiserNames(committee));
        }

        return who.HasFlag(Who.CommitteeTeam) ? t.Format("Refused_NotCommitteeTeam", t.OrganiserNames(committee)) : t.OrganisersOnly(committee);
    }

    private static string WrongPlace(Texts t, CommandScopes allowed, string word) => allowed switch
    {
        CommandScopes.Personal => t.Format("Scope_PersonalOnly", word),
        CommandScopes.Team => t.Format("Scope_TeamOnly", word),
        _ => t.Format("Scope_NotHere", word),
    };

    private static CardReply.Card Notice(string message) => new(CardElements.Notice(message));

    /// <summary>An invoke's value as the Action.Execute protocol shapes it: {action: {type, verb, data}}.</summary>
    private static bool TryReadAction(object? value, [NotNullWhen(true)] out string? verb, out JsonElement data)
    {
        verb = null;
        data = default;
        if (value is null)
        {
            return false;
        }

        JsonElement root;
        try
        {
            var json = value is JToken token ? token.ToString(Newtonsoft.Json.Formatting.None) : JToken.FromObject(value).ToString(Newtonsoft.Json.Formatting.None);
            if (json.Length > CardLimits.DataChars)
            {
                return false;
            }

            root = JsonElement.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Action.Execute"
            || !action.TryGetProperty("verb", out var verbElement) || verbElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        verb = verbElement.GetString()!;
        if (verb.Length > CardLimits.IdLength)
        {
            verb = verb[..CardLimits.IdLength];
            return false;
        }

        data = action.TryGetProperty("data", out var given) ? given : JsonElement.Parse("{}");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused '{Entry}' for {AadObjectId}: role or place not in the table")]
    private partial void LogRefused(string entry, string? aadObjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card action '{Verb}' refused: unknown verb or unreadable data")]
    private partial void LogUnreadable(string verb);
}
