namespace CooperationBot.Outbox;

public enum OutboxTargetKind
{
    /// <summary>A user's 1:1 chat with the bot, found by Entra object id.</summary>
    User,

    /// <summary>A new post in a Teams channel.</summary>
    Channel,
}

/// <summary>
/// A proactive message waiting to be delivered. <see cref="Key"/> identifies it across retries,
/// restarts and instances: the same key is delivered once.
/// </summary>
public sealed record OutboxEnvelope(
    string Key,
    OutboxTargetKind Kind,
    string TargetId,
    string? ServiceUrl,
    string? TenantId,
    string? Text,
    string? CardJson);

/// <summary>One received copy of an envelope; the receipt lets the queue delete or postpone exactly it.</summary>
public sealed record OutboxDelivery(OutboxEnvelope Envelope, string MessageId, string Receipt, long DequeueCount);

public enum OutboxStatus
{
    Queued,
    Sending,
    Sent,
    Failed,
    Undeliverable,
}

/// <summary>The durable record of one key: what happened to it and how often it was tried.</summary>
public sealed record OutboxEntry(string Key, OutboxStatus Status, int Attempts, DateTimeOffset? ClaimedUntil, string? LastError, DateTimeOffset UpdatedAt);

/// <summary>What one delivery attempt came to.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    public sealed record Delivered : DeliveryResult;

    /// <summary>Teams asked us to slow down or had a passing fault (429, 412, 500, 502, 503, 504, network): try again later.</summary>
    public sealed record Retry(int Status, TimeSpan? RetryAfter) : DeliveryResult;

    /// <summary>It will never get through (403: blocked the bot; 404: gone; no conversation stored).</summary>
    public sealed record Undeliverable(string Reason) : DeliveryResult;
}

/// <summary>Delivers one envelope to Teams; implemented in the Teams layer.</summary>
public interface IOutboxDeliverer
{
    /// <summary>
    /// Sends the envelope. <paramref name="readyToSend"/> is awaited right before the request goes to
    /// Teams (after any lookups), so rate limits are kept at the moment Teams counts the request.
    /// </summary>
    Task<DeliveryResult> DeliverAsync(OutboxEnvelope envelope, Func<Task> readyToSend, CancellationToken cancellationToken);
}

/// <summary>The transport that holds envelopes until they are delivered: Azure Queue Storage, or the local store.</summary>
public interface IOutboxQueue
{
    Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> visible messages, hidden from other receivers for <paramref name="visibility"/>.</summary>
    Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Removes the message; does nothing when this delivery no longer holds it (its hiding time ran out and it was received again).</summary>
    Task DeleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Hides the message again for <paramref name="delay"/> (zero: hands it back at once); a durable "try later". Does nothing when this delivery no longer holds it.</summary>
    Task PostponeAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken);
}
