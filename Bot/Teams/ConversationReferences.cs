using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CooperationBot.Teams;

/// <summary>Where to reach a user proactively later (reminders, escalations): plain data, no Bot Builder types.</summary>
public sealed record StoredConversation(
    string ChannelId,
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string BotId,
    string UserId,
    string UserAadObjectId,
    DateTimeOffset UpdatedAt)
{
    public ConversationReference ToReference() => new()
    {
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount(id: ConversationId, tenantId: TenantId, conversationType: "personal"),
        Bot = new ChannelAccount(BotId),
        User = new ChannelAccount(UserId, aadObjectId: UserAadObjectId),
    };
}

/// <summary>
/// Keeps each user's 1:1 conversation reference. Written only when it is new or has moved, so an
/// ordinary message costs no storage call once the reference is known to this process.
/// </summary>
internal sealed class ConversationReferences(IDocumentStore store, Committee committee, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (string ConversationId, string ServiceUrl)> known = new();

    /// <summary>Stores the user's 1:1 conversation; true when the bot had never stored one for them.</summary>
    public async Task<bool> RememberAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var aad = activity.From?.AadObjectId;
        if (activity.Conversation?.ConversationType != "personal" || string.IsNullOrWhiteSpace(aad) || activity.ServiceUrl is null)
        {
            return false;
        }

        var current = (activity.Conversation.Id, activity.ServiceUrl);
        if (known.TryGetValue(aad, out var seen) && seen == current)
        {
            return false;
        }

        var stored = new StoredConversation(
            activity.ChannelId, activity.ServiceUrl, activity.Conversation.Id, activity.Conversation.TenantId,
            activity.Recipient.Id, activity.From!.Id, aad, clock.GetUtcNow());
        var first = await store.UpdateAsync<StoredConversation, bool>(
            KeyOf(aad),
            existing => existing is null ? new(stored, true)
                : existing.ConversationId == stored.ConversationId && existing.ServiceUrl == stored.ServiceUrl ? new(null, false)
                : new(stored, false),
            cancellationToken).ConfigureAwait(false);
        known[aad] = current;
        return first;
    }

    public async Task<StoredConversation?> FindAsync(string aadObjectId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<StoredConversation>(KeyOf(aadObjectId), cancellationToken).ConfigureAwait(false))?.Value;

    private string KeyOf(string aadObjectId) => $"committees/{committee.Id}/conversations/users/{aadObjectId.ToLowerInvariant()}";
}
