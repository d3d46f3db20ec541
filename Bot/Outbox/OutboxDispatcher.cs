using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Outbox;

/// <summary>
/// Delivers queued messages. Different conversations are sent in parallel (up to
/// <see cref="OutboxOptions.MaxInFlight"/> messages at once); each conversation has one lane, so its
/// messages go one after another in the order received. Each key is claimed in the ledger before it
/// is sent, so one copy is sent even when the queue hands out two. Sends are paced to Teams' limits;
/// 429, 412, 500, 502, 503, 504 and network faults are retried with backoff that obeys Retry-After;
/// what can never be delivered (403, 404, no conversation) is recorded for organisers instead.
/// </summary>
public sealed partial class OutboxDispatcher(
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
    private readonly OutboxOptions settings = options.Value;
    private readonly RateGate tenant = new(options.Value.PerTenantPerSecond);
    private readonly ConversationGates conversations = new(options.Value.PerConversationPerSecond);
    private readonly Dictionary<string, Lane> lanes = [];

    /// <summary>Receives one batch and delivers it to the end; returns how many messages it held.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await queue.ReceiveAsync(settings.MaxInFlight, settings.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(batch.Select(d => Enqueue(d, cancellationToken, null))).ConfigureAwait(false);
        return batch.Count;
    }

    /// <summary>
    /// Keeps up to <see cref="OutboxOptions.MaxInFlight"/> messages moving until <paramref name="stop"/>.
    /// Then it claims nothing more, hands back what it had not claimed, and finishes what it had:
    /// a claimed message is never abandoned half-sent.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(settings.MaxInFlight);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                var free = 1;
                while (free < settings.MaxInFlight && slots.Wait(0))
                {
                    free++;
                }

                IReadOnlyList<OutboxDelivery> batch = [];
                try
                {
                    batch = await queue.ReceiveAsync(free, settings.VisibilityTimeout, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage may be briefly unreachable: messages stay queued; try again after a pause.
                    LogPollFailed(ex);
                }
                finally
                {
                    if (free > batch.Count)
                    {
                        slots.Release(free - batch.Count);
                    }
                }

                foreach (var delivery in batch)
                {
                    _ = Enqueue(delivery, stop, slots);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(settings.PollInterval, clock, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: fall through to finish the lanes.
        }

        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Completes once this instance's last send is a full second old: a new lease holder starting afresh then stays within the limit.</summary>
    public Task WhenQuietAsync() => tenant.WhenQuietAsync();

    private async Task DrainAsync()
    {
        Task[] tails;
        lock (lanes)
        {
            tails = lanes.Values.Select(l => l.Tail).ToArray();
        }

        await Task.WhenAll(tails).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Puts the delivery at the end of its conversation's lane; the task ends when it is handled.</summary>
    private Task Enqueue(OutboxDelivery delivery, CancellationToken stop, SemaphoreSlim? slots)
    {
        var conversation = $"{delivery.Envelope.Kind}:{delivery.Envelope.TargetId}";
        lock (lanes)
        {
            if (!lanes.TryGetValue(conversation, out var lane))
            {
                lanes[conversation] = lane = new Lane();
            }

            lane.Pending++;
            lane.Tail = AfterAsync(lane.Tail, delivery, conversation, stop, slots);
            return lane.Tail;
        }
    }

    private async Task AfterAsync(Task previous, OutboxDelivery delivery, string conversation, CancellationToken stop, SemaphoreSlim? slots)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await HandleAsync(delivery, conversation, stop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Storage failed mid-way: the message reappears after its hiding time and is tried again.
            LogHandleFailed(ex, delivery.Envelope.Key);
        }
        finally
        {
            lock (lanes)
            {
                if (--lanes[conversation].Pending == 0)
                {
                    lanes.Remove(conversation);
                }
            }

            slots?.Release();
        }
    }

    private async Task HandleAsync(OutboxDelivery delivery, string conversation, CancellationToken stop)
    {
        var envelope = delivery.Envelope;
        if (stop.IsCancellationRequested)
        {
            // Not claimed yet: hand it straight back for whoever dispatches next.
            await queue.PostponeAsync(delivery, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // From the claim on, nothing is cancelled: a claimed message is sent and settled, or handed back.
        var key = outbox.LedgerKey(envelope.Key);
        var (entry, etag) = await ClaimAsync(key, envelope).ConfigureAwait(false);
        if (etag is null)
        {
            // Settled already (a duplicate copy), or being sent right now under another claim.
            if (entry.Status == OutboxStatus.Sending)
            {
                await queue.PostponeAsync(delivery, settings.VisibilityTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await queue.DeleteAsync(delivery, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        if (entry.Attempts > settings.MaxAttempts || delivery.DequeueCount > settings.MaxAttempts * 4)
        {
            // Claimed again and again without an outcome (an instance died each time it sent this): a poison message.
            LogPoison(envelope.Key, entry.Attempts, delivery.DequeueCount);
            await FinishAsync(delivery, key, entry, etag, OutboxStatus.Failed, $"abandoned after {entry.Attempts - 1} attempts").ConfigureAwait(false);
            return;
        }

        var gate = conversations.For(conversation);
        while (true)
        {
            DeliveryResult result;
            IDisposable? conversationPermit = null, tenantPermit = null;
            try
            {
                result = await deliverer.DeliverAsync(envelope, async () =>
                {
                    // The conversation first: its lane waits only on its own earlier sends.
                    conversationPermit = await gate.EnterAsync().ConfigureAwait(false);
                    tenantPermit = await tenant.EnterAsync().ConfigureAwait(false);
                }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A network fault is passing by nature: treat it like a 5xx.
                LogDeliveryFault(ex, envelope.Key);
                result = new DeliveryResult.Retry(0, null);
            }
            finally
            {
                conversationPermit?.Dispose();
                tenantPermit?.Dispose();
            }

            switch (result)
            {
                case DeliveryResult.Delivered:
                    await FinishAsync(delivery, key, entry, etag, OutboxStatus.Sent, null).ConfigureAwait(false);
                    return;
                case DeliveryResult.Retry retry when entry.Attempts < settings.MaxAttempts:
                    var delay = Backoff(entry.Attempts, retry.RetryAfter);
                    LogRetry(envelope.Key, retry.Status, delay);
                    if (delay <= settings.InlineRetryLimit && !stop.IsCancellationRequested)
                    {
                        // Wait in the lane, so later messages to this conversation stay behind this one.
                        var now = clock.GetUtcNow();
                        var renewed = entry with { Attempts = entry.Attempts + 1, ClaimedUntil = now + delay + settings.VisibilityTimeout, LastError = $"HTTP {retry.Status}", UpdatedAt = now };
                        try
                        {
                            etag = await store.WriteAsync(key, renewed, etag, CancellationToken.None).ConfigureAwait(false);
                            entry = renewed;
                        }
                        catch (ConcurrencyConflictException)
                        {
                            // Our claim ran out and another claim holds the key now: it is theirs to send.
                            return;
                        }

                        await Task.Delay(delay, CancellationToken.None).ConfigureAwait(false);
                        continue;
                    }

                    await SettleAsync(key, entry, etag, OutboxStatus.Queued, $"HTTP {retry.Status}").ConfigureAwait(false);
                    await queue.PostponeAsync(delivery, delay, CancellationToken.None).ConfigureAwait(false);
                    return;
                case DeliveryResult.Retry retry:
                    LogGaveUp(envelope.Key, retry.Status, entry.Attempts);
                    await FinishAsync(delivery, key, entry, etag, OutboxStatus.Failed, $"HTTP {retry.Status} after {entry.Attempts} attempts").ConfigureAwait(false);
                    return;
                case DeliveryResult.Undeliverable undeliverable:
                    LogUndeliverable(envelope.Key, undeliverable.Reason);
                    await FinishAsync(delivery, key, entry, etag, OutboxStatus.Undeliverable, undeliverable.Reason).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>
    /// Claims the key for one send: its ledger entry becomes Sending until the claim runs out. Returns
    /// the entry and, when the claim is ours, the ETag it was written at (null: settled or claimed by someone else).
    /// </summary>
    private async Task<(OutboxEntry Entry, string? ETag)> ClaimAsync(string key, OutboxEnvelope envelope)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync<OutboxEntry>(key, CancellationToken.None).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var entry = stored?.Value ?? new OutboxEntry(envelope.Key, OutboxStatus.Queued, 0, null, null, now);
            if (IsFinal(entry.Status) || (entry.Status == OutboxStatus.Sending && entry.ClaimedUntil > now))
            {
                return (entry, null);
            }

            var claimed = entry with { Status = OutboxStatus.Sending, Attempts = entry.Attempts + 1, ClaimedUntil = now + settings.VisibilityTimeout, UpdatedAt = now };
            try
            {
                return (claimed, await store.WriteAsync(key, claimed, stored?.ETag, CancellationToken.None).ConfigureAwait(false));
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // Someone else touched the entry in between: decide again on what they wrote.
            }
        }
    }

    /// <summary>A final outcome: recorded in the ledger (and for organisers when it failed), then the message leaves the queue.</summary>
    private async Task FinishAsync(OutboxDelivery delivery, string key, OutboxEntry entry, string etag, OutboxStatus status, string? error)
    {
        await SettleAsync(key, entry, etag, status, error).ConfigureAwait(false);
        if (status != OutboxStatus.Sent)
        {
            await RecordUnreachableAsync(delivery.Envelope, error ?? status.ToString()).ConfigureAwait(false);
        }

        await queue.DeleteAsync(delivery, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SettleAsync(string key, OutboxEntry entry, string etag, OutboxStatus status, string? error)
    {
        var now = clock.GetUtcNow();
        try
        {
            await store.WriteAsync(key, entry with { Status = status, ClaimedUntil = null, LastError = error, UpdatedAt = now }, etag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Our claim ran out while we sent and another claim took the key: a final outcome is still
            // the truth about this key; a "try later" leaves the other claim alone.
            await store.UpdateAsync<OutboxEntry, bool>(key, current => current is null || IsFinal(current.Status) || status == OutboxStatus.Queued
                ? new(null, false)
                : new(current with { Status = status, ClaimedUntil = null, LastError = error, UpdatedAt = now }, true), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool IsFinal(OutboxStatus status) => status is OutboxStatus.Sent or OutboxStatus.Failed or OutboxStatus.Undeliverable;

    /// <summary>Retry-After when Teams gives one; else exponential from the base delay, with jitter, capped.</summary>
    private TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } given)
        {
            return given;
        }

        var exponential = settings.BaseDelay.TotalMilliseconds * Math.Pow(2, attempts - 1);
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, settings.MaxDelay.TotalMilliseconds));
    }

    private async Task RecordUnreachableAsync(OutboxEnvelope envelope, string reason)
    {
        var committee = await committees.GetAsync(CancellationToken.None).ConfigureAwait(false);
        var name = envelope.Kind == OutboxTargetKind.User ? Membership.Of(committee).NameOf(envelope.TargetId) ?? envelope.TargetId : envelope.TargetId;
        await unreachable.RecordAsync(new Unreachable(name, reason, clock.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The messages of one conversation, handled one after another.</summary>
    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Pending { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox poll failed")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling outbox message {Key} failed; it is tried again after its hiding time")]
    private partial void LogHandleFailed(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering outbox message {Key} failed")]
    private partial void LogDeliveryFault(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Key} got HTTP {Status}; retrying in {Delay}")]
    private partial void LogRetry(string key, int status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Key} failed with HTTP {Status} after {Attempts} attempts")]
    private partial void LogGaveUp(string key, int status, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Key} cannot be delivered: {Reason}")]
    private partial void LogUndeliverable(string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Key} was claimed {Attempts} times and received {Dequeues} times without an outcome; giving up")]
    private partial void LogPoison(string key, int attempts, long dequeues);
}
