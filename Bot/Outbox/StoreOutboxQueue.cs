using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CooperationBot.Storage;
using Microsoft.Extensions.Logging;

namespace CooperationBot.Outbox;

/// <summary>One queued message in the embedded store, with the time it becomes visible again.</summary>
public sealed record StoredOutboxMessage(OutboxEnvelope Envelope, DateTimeOffset VisibleAt, long DequeueCount);

/// <summary>
/// The outbox without a storage account: one document per message in the embedded store, named by
/// the time it was queued so that listing the queue gives the oldest first. Receiving claims a
/// message with a conditional write, so two receivers never hold the same one; the claim's ETag is
/// the receipt (as a queue's pop receipt), good until the message is written again. Each instance
/// remembers until when the messages it hid stay hidden, so a poll reads only those that may be visible.
/// </summary>
public sealed partial class StoreOutboxQueue(IDocumentStore store, DocumentKeys keys, TimeProvider clock, ILogger<StoreOutboxQueue> logger) : IOutboxQueue
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> hiddenUntil = new();
    private long lastQueued;

    private string Prefix => keys.OutboxQueuePrefix;

    public Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var key = $"{Prefix}{NextOrder().ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        return store.WriteAsync(key, new StoredOutboxMessage(envelope, clock.GetUtcNow(), 0), null, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        var received = new List<OutboxDelivery>();
        var listed = await store.ListKeysAsync(Prefix, cancellationToken).ConfigureAwait(false);
        foreach (var key in listed)
        {
            if (received.Count >= max)
            {
                break;
            }

            var now = clock.GetUtcNow();
            if (hiddenUntil.TryGetValue(key, out var until) && until > now)
            {
                continue;
            }

            Stored<StoredOutboxMessage>? stored;
            try
            {
                stored = await store.ReadAsync<StoredOutboxMessage>(key, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                // Unreadable: left where it is for inspection, and not read again by this instance.
                LogUnreadable(ex, key);
                hiddenUntil[key] = DateTimeOffset.MaxValue;
                continue;
            }

            if (stored is null)
            {
                continue;
            }

            if (stored.Value.VisibleAt > now)
            {
                hiddenUntil[key] = stored.Value.VisibleAt;
                continue;
            }

            var claimed = stored.Value with { VisibleAt = now + visibility, DequeueCount = stored.Value.DequeueCount + 1 };
            try
            {
                var receipt = await store.WriteAsync(key, claimed, stored.ETag, cancellationToken).ConfigureAwait(false);
                hiddenUntil[key] = claimed.VisibleAt;
                received.Add(new OutboxDelivery(claimed.Envelope, key, receipt, claimed.DequeueCount));
            }
            catch (ConcurrencyConflictException)
            {
                // Another receiver took it first.
            }
        }

        if (hiddenUntil.Count > listed.Count * 2)
        {
            // Forget messages that have left the queue.
            var current = listed.ToHashSet(StringComparer.Ordinal);
            foreach (var key in hiddenUntil.Keys.Where(k => !current.Contains(k)))
            {
                hiddenUntil.TryRemove(key, out _);
            }
        }

        return received;
    }

    public async Task DeleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(delivery.MessageId, delivery.Receipt, cancellationToken).ConfigureAwait(false);
            hiddenUntil.TryRemove(delivery.MessageId, out _);
        }
        catch (ConcurrencyConflictException)
        {
            // Received again since: the new holder settles it.
        }
    }

    public async Task PostponeAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken)
    {
        var visibleAt = clock.GetUtcNow() + delay;
        try
        {
            await store.WriteAsync(delivery.MessageId, new StoredOutboxMessage(delivery.Envelope, visibleAt, delivery.DequeueCount), delivery.Receipt, cancellationToken).ConfigureAwait(false);
            hiddenUntil[delivery.MessageId] = visibleAt;
        }
        catch (ConcurrencyConflictException)
        {
            // Received again since (or gone): the new holder decides.
        }
    }

    /// <summary>The time in ticks, made strictly increasing within this process so that messages queued in one tick keep their order.</summary>
    private long NextOrder()
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        while (true)
        {
            var last = Interlocked.Read(ref lastQueued);
            var next = Math.Max(ticks, last + 1);
            if (Interlocked.CompareExchange(ref lastQueued, next, last) == last)
            {
                return next;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox queue message {Key} cannot be read; it is left in place and skipped")]
    private partial void LogUnreadable(Exception exception, string key);
}
