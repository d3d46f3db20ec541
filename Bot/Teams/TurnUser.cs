using System.Collections.Concurrent;
using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Conversations;
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
/// (or, with Graph, the directory's UPN or e-mail address) when the committee lists someone by UPN or
/// e-mail alone. Card data never takes part.
/// </summary>
internal sealed partial class TurnUserResolver(ICommitteeSource committees, IOptions<LanguageOptions> language, ILogger<TurnUserResolver> logger, CooperationBot.Reach.IReachDirectory directory)
{
    private const int MaxCachedUpns = 10_000;

    // UPNs do not change within a process's life; asking Teams once per user is enough.
    private readonly ConcurrentDictionary<string, string?> upnCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string?> directoryCache = new(StringComparer.OrdinalIgnoreCase);

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
        // An id longer than Entra makes is nobody the committee knows; it never reaches storage keys.
        if (string.IsNullOrWhiteSpace(from?.AadObjectId) || !ConversationLimits.Fits(from.AadObjectId, ConversationLimits.UserId))
        {
            return new TurnUser(null, TurnUser.NoRoles, texts, committee);
        }

        string? upn = null;
        if (membership.NeedsUpnFor(from.AadObjectId) && turn.Activity.ChannelId == Channels.Msteams)
        {
            upn = await LookUpUpnAsync(turn, from.Id, from.AadObjectId, cancellationToken).ConfigureAwait(false);
        }

        // Teams' member lookup gives the UPN only, and not in every conversation: the directory also knows the e-mail address.
        if (membership.NeedsUpnFor(from.AadObjectId) && directory.Enabled && (upn is null || membership.PersonOf(from.AadObjectId, upn) is null))
        {
            upn = await LookUpInDirectoryAsync(membership, from.AadObjectId, cancellationToken).ConfigureAwait(false) ?? upn;
        }

        // Some events (installs) carry no name: fall back to the name the committee file gives the person.
        var name = PeopleText.Name(from.Name ?? string.Empty) is { Length: > 0 } shown ? shown : membership.NameOf(from.AadObjectId) ?? string.Empty;
        var identity = new UserIdentity(from.AadObjectId, name, upn);
        return new TurnUser(identity, membership.RolesOf(identity), texts, committee);
    }

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

            // Strangers are looked up too; the cache must not grow with every new id.
            if (upnCache.Count >= MaxCachedUpns)
            {
                upnCache.Clear();
            }

            return upnCache[aadObjectId] = member?.UserPrincipalName;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without a UPN the user is matched by object id only; that is safe (no role is granted).
            LogUpnLookupFailed(ex, aadObjectId);
            return null;
        }
    }

    /// <summary>The address the committee lists this person under (UPN or e-mail), as the directory knows them.</summary>
    private async Task<string?> LookUpInDirectoryAsync(Membership membership, string aadObjectId, CancellationToken cancellationToken)
    {
        if (directoryCache.TryGetValue(aadObjectId, out var cached))
        {
            return cached;
        }

        var found = await directory.FindByIdAsync(aadObjectId, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { } user)
        {
            // Not remembered: Graph may answer next time (throttling, consent granted later).
            LogDirectoryLookupFailed(aadObjectId, found.Problem?.Reason.ToString());
            return null;
        }

        var listed = new[] { user.UserPrincipalName, user.Mail }.FirstOrDefault(a => a is not null && membership.PersonOf(aadObjectId, a) is not null);
        return directoryCache[aadObjectId] = listed ?? user.UserPrincipalName;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory did not find {AadObjectId}: {Reason}")]
    private partial void LogDirectoryLookupFailed(string aadObjectId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up the UPN of {AadObjectId}")]
    private partial void LogUpnLookupFailed(Exception exception, string aadObjectId);
}
