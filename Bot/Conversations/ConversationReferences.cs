using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Storage;

namespace CooperationBot.Conversations;

/// <summary>Where to reach a user proactively later (reminders, escalations): plain data, no Bot Builder types.</summary>
public sealed record StoredConversation(
    string ChannelId,
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string BotId,
    string UserId,
    string UserAadObjectId,
    DateTimeOffset UpdatedAt,
    string? Upn = null);

/// <summary>A 1:1 conversation as one incoming activity shows it (the Teams layer reads it off the activity).</summary>
public sealed record SeenConversation(
    string ChannelId,
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string BotId,
    string UserId,
    string UserAadObjectId,
    string? Upn);

/// <summary>Which Entra object id a UPN belongs to, learnt when that person talked to the bot.</summary>
public sealed record KnownUpn(string Upn, string AadObjectId);

/// <summary>
/// Keeps each user's 1:1 conversation reference. Written only when it is new or has moved, so an
/// ordinary message costs no storage call once the reference is known to this process. People the
/// committee lists by UPN alone are found through the UPN Teams gave when they talked to the bot.
/// </summary>
internal sealed class ConversationReferences(IDocumentStore store, ICommitteeSource committees, DocumentKeys keys, UnreachableRecipients unreachable, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (string ConversationId, string ServiceUrl)> known = new();

    /// <summary>
    /// Stores the 1:1 conversation of a person the committee lists; true when the bot had never stored one
    /// for them. Nobody else's is kept (the committee never messages them), nor ids longer than Teams makes.
    /// </summary>
    public async Task<bool> RememberAsync(SeenConversation seen, CancellationToken cancellationToken)
    {
        var aad = seen.UserAadObjectId;
        var upn = seen.Upn;
        var current = (seen.ConversationId, seen.ServiceUrl);
        if (known.TryGetValue(aad, out var last) && last == current)
        {
            return false;
        }

        var person = Membership.Of(await committees.GetAsync(cancellationToken).ConfigureAwait(false)).PersonOf(aad, upn);
        if (person is null || !Fits(seen))
        {
            return false;
        }

        var stored = new StoredConversation(
            seen.ChannelId, seen.ServiceUrl, seen.ConversationId, seen.TenantId, seen.BotId, seen.UserId, aad, clock.GetUtcNow(), upn);
        var first = await store.UpdateAsync<StoredConversation, bool>(
            KeyOf(aad),
            existing => existing is null ? new(stored, true)
                : existing.ConversationId == stored.ConversationId && existing.ServiceUrl == stored.ServiceUrl ? new(null, false)
                : new(stored, false),
            cancellationToken).ConfigureAwait(false);
        known[aad] = current;
        if (upn is not null)
        {
            await store.UpdateAsync<KnownUpn, bool>(UpnKey(upn), existing => existing?.AadObjectId == aad ? new(null, false) : new(new KnownUpn(upn, aad), true), cancellationToken).ConfigureAwait(false);
        }

        if (first)
        {
            // Reachable from now on: organisers no longer need to contact them another way.
            await unreachable.ClearAsync(person.Name, cancellationToken).ConfigureAwait(false);
        }

        return first;
    }

    /// <summary>
    /// Stores a 1:1 conversation the bot opened itself (its app installed for the user through Graph),
    /// only when none is stored yet: the same test as the welcome on install, so of the two exactly one
    /// greets the user. True when this call stored it.
    /// </summary>
    public async Task<bool> AdoptAsync(StoredConversation conversation, CancellationToken cancellationToken)
    {
        var aad = conversation.UserAadObjectId;
        var adopted = await store.UpdateAsync<StoredConversation, bool>(
            KeyOf(aad), existing => existing is null ? new(conversation, true) : new(null, false), cancellationToken).ConfigureAwait(false);
        if (adopted && Membership.Of(await committees.GetAsync(cancellationToken).ConfigureAwait(false)).PersonOf(aad, conversation.Upn) is { } person)
        {
            await unreachable.ClearAsync(person.Name, cancellationToken).ConfigureAwait(false);
        }

        return adopted;
    }

    /// <summary>Remembers whose object id a UPN (or listed e-mail address) is, as the directory told us.</summary>
    public Task LearnUpnAsync(string upn, string aadObjectId, CancellationToken cancellationToken) =>
        store.UpdateAsync<KnownUpn, bool>(UpnKey(upn), existing => existing?.AadObjectId == aadObjectId ? new(null, false) : new(new KnownUpn(upn, aadObjectId), true), cancellationToken);

    /// <summary>The object id to reach a committee member by: configured, or learnt from their UPN.</summary>
    public async Task<string?> AadObjectIdOfAsync(Person person, CancellationToken cancellationToken) =>
        person.AadObjectId ?? (person.Upn is null ? null : (await store.ReadAsync<KnownUpn>(UpnKey(person.Upn), cancellationToken).ConfigureAwait(false))?.Value.AadObjectId);

    public async Task<StoredConversation?> FindAsync(string aadObjectId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<StoredConversation>(KeyOf(aadObjectId), cancellationToken).ConfigureAwait(false))?.Value;

    private static bool Fits(SeenConversation seen) =>
        ConversationLimits.Fits(seen.UserAadObjectId, ConversationLimits.UserId) && ConversationLimits.Fits(seen.Upn, ConversationLimits.UserId)
        && new[] { seen.ChannelId, seen.ServiceUrl, seen.ConversationId, seen.TenantId, seen.BotId, seen.UserId }.All(id => ConversationLimits.Fits(id, ConversationLimits.Id));

    private string UpnKey(string upn) => keys.ConversationOfUpn(upn);

    private string KeyOf(string aadObjectId) => keys.ConversationOfUser(aadObjectId);
}
