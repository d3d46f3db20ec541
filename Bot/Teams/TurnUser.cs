using System.Collections.Concurrent;
using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>Who sent this turn, what they may do, the language to answer in, and the committee as it was when the turn began.</summary>
internal sealed record TurnUser(UserIdentity? Identity, Roles Roles, Texts Texts, Committee Committee)
{
    public static Roles NoRoles { get; } = new([], false);
}

/// <summary>
/// Builds a <see cref="TurnUser"/> from the activity only: from.aadObjectId, and the UPN from Teams
/// when the committee lists someone by UPN alone. Card data never takes part.
/// </summary>
internal sealed partial class TurnUserResolver(ICommitteeSource committees, IOptions<LanguageOptions> language, ILogger<TurnUserResolver> logger)
{
    // UPNs do not change within a process's life; asking Teams once per user is enough.
    private readonly ConcurrentDictionary<string, string?> upnCache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TurnUser> ResolveAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var membership = Membership.Of(committee);
        var texts = Texts.For(turn.Activity.Locale, committee.DefaultLanguage, language.Value.Fixed, Spoken(turn.Activity));

        // Cards sent in this turn remember their language, so a click on them is answered in it.
        turn.OnSendActivities(async (_, activities, next) =>
        {
            foreach (var card in activities.SelectMany(a => a.Attachments ?? []).Select(a => a.Content).OfType<JObject>())
            {
                CardLanguage.Stamp(card, texts.Culture);
            }

            return await next().ConfigureAwait(false);
        });
        var from = turn.Activity.From;
        if (string.IsNullOrWhiteSpace(from?.AadObjectId))
        {
            return new TurnUser(null, TurnUser.NoRoles, texts, committee);
        }

        string? upn = null;
        if (membership.NeedsUpnFor(from.AadObjectId) && turn.Activity.ChannelId == Channels.Msteams)
        {
            upn = await LookUpUpnAsync(turn, from.Id, from.AadObjectId, cancellationToken).ConfigureAwait(false);
        }

        // Some events (installs) carry no name: fall back to the name the committee file gives the person.
        var name = string.IsNullOrWhiteSpace(from.Name) ? membership.NameOf(from.AadObjectId) ?? string.Empty : PlainName(from.Name);
        var identity = new UserIdentity(from.AadObjectId, name, upn);
        return new TurnUser(identity, membership.RolesOf(identity), texts, committee);
    }

    /// <summary>
    /// Display names end up in card text that Teams renders as markdown ("submitted by …"): keep the
    /// characters that could format, link or mention out of them.
    /// </summary>
    private static string PlainName(string name) => new(name.Where(c => c is not ('[' or ']' or '(' or ')' or '*' or '_' or '`' or '<' or '>' or '#' or '\\')).ToArray());

    private static CultureInfo? Spoken(Activity activity) => activity.Type == ActivityTypes.Invoke
        ? SpokenLanguage.OfCard(activity.Value is JObject { } value && value["action"] is JObject action && action["data"] is JObject data && data["lang"] is JValue { Value: string lang } ? lang : null)
        : SpokenLanguage.OfText(activity.Text);

    private async Task<string?> LookUpUpnAsync(ITurnContext turn, string userId, string aadObjectId, CancellationToken cancellationToken)
    {
        if (upnCache.TryGetValue(aadObjectId, out var cached))
        {
            return cached;
        }

        try
        {
            var member = await TeamsInfo.GetMemberAsync(turn, userId, cancellationToken).ConfigureAwait(false);
            return upnCache[aadObjectId] = member?.UserPrincipalName;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without a UPN the user is matched by object id only; that is safe (no role is granted).
            LogUpnLookupFailed(ex, aadObjectId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up the UPN of {AadObjectId}")]
    private partial void LogUpnLookupFailed(Exception exception, string aadObjectId);
}
