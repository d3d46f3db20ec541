using System.Threading.RateLimiting;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Outbox;

/// <summary>
/// Delivers queued messages: claims each key in the ledger (so one instance sends it), keeps to Teams'
/// rate limits, retries 429/412/502/504 with backoff that obeys Retry-After, and records what can never
/// be delivered (403, 404, no conversation) for organisers instead of retrying it.
/// </summary>
public sealed partial class OutboxDispatcher : IAsyncDisposable
{
    private readonly IOutboxQueue queue;
    private readonly IDocumentStore store;
    private readonly ProactiveOutbox outbox;
    private readonly IOutboxDeliverer deliverer;
    private readonly UnreachableRecipients unreachable;
    private readonly ICommitteeSource committees;
    private readonly TimeProvider clock;
    private readonly OutboxOptions options;
    private readonly ILogger<OutboxDispatcher> logger;
    private readonly PartitionedRateLimiter<string> perConversation;
    private readonly RateLimiter perTenant;

    public OutboxDispatcher(
        IOutboxQueue queue,
        IDocumentStore store,
        ProactiveOutbox outbox,
        IOutboxDeliverer deliverer,
        UnreachableRecipients unreachable,
        ICommitteeSource committees,
        TimeProvider clock,
        IOptions<OutboxOptions> options,
        ILogger<OutboxDispatcher> logger)
    {
        this.queue = queue;
        this.store = store;
        this.outbox = outbox;
        this.deliverer = deliverer;
        this.unreachable = unreachable;
        this.committees = committees;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
        perConversation = PartitionedRateLimiter.Create<string, string>(target => RateLimitPartition.GetTokenBucketLimiter(target, _ => Bucket(this.options.PerConversationPerSecond)));
        perTenant = new TokenBucketRateLimiter(Bucket(this.options.PerTenantPerSecond));
    }

    /// <summary>Receives one batch and delivers it; returns how many messages were handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await queue.ReceiveAsync(options.BatchSize, options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(batch.Select(d => HandleAsync(d, cancellationToken))).ConfigureAwait(false);
        return batch.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await perConversation.DisposeAsync().ConfigureAwait(false);
        await perTenant.DisposeAsync().ConfigureAwait(false);
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 10_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    private async Task HandleAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var envelope = delivery.Envelope;
        var key = outbox.LedgerKey(envelope.Key);
        var now = clock.GetUtcNow();
        var claim = await store.UpdateAsync<OutboxEntry, (bool Mine, OutboxEntry? Entry)>(key, entry =>
        {
            entry ??= new OutboxEntry(envelope.Key, OutboxStatus.Queued, 0, null, null, now);
            if (entry.Status is OutboxStatus.Sent or OutboxStatus.Failed or OutboxStatus.Undeliverable)
            {
                return new(null, (false, entry));
            }

            if (entry.Status == OutboxStatus.Sending && entry.ClaimedUntil > now)
            {
                return new(null, (false, entry));
            }

            var claimed = entry with { Status = OutboxStatus.Sending, Attempts = entry.Attempts + 1, ClaimedUntil = now + options.VisibilityTimeout, UpdatedAt = now };
            return new(claimed, (true, claimed));
        }, cancellationToken).ConfigureAwait(false);

        if (!claim.Mine)
        {
            // Settled already (a duplicate copy) or being sent by another instance right now.
            if (claim.Entry!.Status == OutboxStatus.Sending)
            {
                await queue.PostponeAsync(delivery, options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await queue.DeleteAsync(delivery, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var attempts = claim.Entry!.Attempts;
        using var conversationLease = await perConversation.AcquireAsync(envelope.TargetId, 1, cancellationToken).ConfigureAwait(false);
        using var tenantLease = await perTenant.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        DeliveryResult result;
        try
        {
            result = await deliverer.DeliverAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A network fault is passing by nature: treat it like a 5xx.
            LogDeliveryFault(ex, envelope.Key);
            result = new DeliveryResult.Retry(0, null);
        }

        switch (result)
        {
            case DeliveryResult.Delivered:
                await SettleAsync(key, OutboxStatus.Sent, null, cancellationToken).ConfigureAwait(false);
                await queue.DeleteAsync(delivery, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Retry retry when attempts < options.MaxAttempts:
                var delay = Backoff(attempts, retry.RetryAfter);
                LogRetry(envelope.Key, retry.Status, delay);
                await SettleAsync(key, OutboxStatus.Queued, $"HTTP {retry.Status}", cancellationToken).ConfigureAwait(false);
                await queue.PostponeAsync(delivery, delay, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Retry retry:
                LogGaveUp(envelope.Key, retry.Status, attempts);
                await SettleAsync(key, OutboxStatus.Failed, $"HTTP {retry.Status} after {attempts} attempts", cancellationToken).ConfigureAwait(false);
                await RecordUnreachableAsync(envelope, $"HTTP {retry.Status}", cancellationToken).ConfigureAwait(false);
                await queue.DeleteAsync(delivery, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Undeliverable undeliverable:
                LogUndeliverable(envelope.Key, undeliverable.Reason);
                await SettleAsync(key, OutboxStatus.Undeliverable, undeliverable.Reason, cancellationToken).ConfigureAwait(false);
                await RecordUnreachableAsync(envelope, undeliverable.Reason, cancellationToken).ConfigureAwait(false);
                await queue.DeleteAsync(delivery, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Retry-After when Teams gives one; else exponential from the base delay, with jitter, capped.</summary>
    private TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } given)
        {
            return given;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempts - 1);
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
    }

    private Task SettleAsync(string key, OutboxStatus status, string? error, CancellationToken cancellationToken) =>
        store.UpdateAsync<OutboxEntry, bool>(key, entry => entry is null
            ? new(null, false)
            : new(entry with { Status = status, ClaimedUntil = null, LastError = error, UpdatedAt = clock.GetUtcNow() }, true), cancellationToken);

    private async Task RecordUnreachableAsync(OutboxEnvelope envelope, string reason, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var name = envelope.Kind == OutboxTargetKind.User ? Membership.Of(committee).NameOf(envelope.TargetId) ?? envelope.TargetId : envelope.TargetId;
        await unreachable.RecordAsync(new Unreachable(name, reason, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering outbox message {Key} failed")]
    private partial void LogDeliveryFault(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Key} got HTTP {Status}; retrying in {Delay}")]
    private partial void LogRetry(string key, int status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Key} failed with HTTP {Status} after {Attempts} attempts")]
    private partial void LogGaveUp(string key, int status, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Key} cannot be delivered: {Reason}")]
    private partial void LogUndeliverable(string key, string reason);
}
