using CooperationBot.Conversations;
using CooperationBot.Outbox;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Proactive;

/// <summary>
/// A message the bot starts on its own (escalation, reminder) to one user's 1:1 chat.
/// <see cref="IdempotencyKey"/> identifies it across retries and restarts.
/// </summary>
public sealed record ProactiveMessage(string IdempotencyKey, string RecipientAadObjectId, string? Text, JObject? Card = null);

/// <summary>A new post in a Teams channel (scheduled digests).</summary>
public sealed record ChannelPost(string IdempotencyKey, string ChannelId, string ServiceUrl, string? TenantId, JObject Card);

public enum ProactiveResult
{
    /// <summary>Accepted by the durable outbox; it will be delivered (or recorded as undeliverable).</summary>
    Queued,

    /// <summary>Already queued under the same key: nothing new was queued.</summary>
    Duplicate,

    /// <summary>The user never opened a chat with the bot, so there is no conversation to post to.</summary>
    NoConversation,

    /// <summary>The outbox could not be reached (storage down); nothing was queued.</summary>
    NotQueued,
}

public interface IProactiveMessenger
{
    Task<ProactiveResult> SendAsync(ProactiveMessage message, CancellationToken cancellationToken);

    Task<ProactiveResult> PostToChannelAsync(ChannelPost post, CancellationToken cancellationToken);
}

/// <summary>Puts proactive messages into the durable outbox; the outbox dispatcher delivers them.</summary>
internal sealed class OutboxMessenger(ProactiveOutbox outbox, ConversationReferences conversations) : IProactiveMessenger
{
    public async Task<ProactiveResult> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
    {
        // Checked now so callers can tell organisers at once; delivery checks again.
        if (await conversations.FindAsync(message.RecipientAadObjectId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ProactiveResult.NoConversation;
        }

        var envelope = new OutboxEnvelope(message.IdempotencyKey, OutboxTargetKind.User, message.RecipientAadObjectId, null, null, message.Text, message.Card?.ToString(Formatting.None));
        return await outbox.EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false) ? ProactiveResult.Queued : ProactiveResult.Duplicate;
    }

    public async Task<ProactiveResult> PostToChannelAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        var envelope = new OutboxEnvelope(post.IdempotencyKey, OutboxTargetKind.Channel, post.ChannelId, post.ServiceUrl, post.TenantId, null, post.Card.ToString(Formatting.None));
        return await outbox.EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false) ? ProactiveResult.Queued : ProactiveResult.Duplicate;
    }
}
