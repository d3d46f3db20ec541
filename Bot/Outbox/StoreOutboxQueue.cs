using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CooperationBot.Storage;

namespace CooperationBot.Outbox;

/// <summary>One queued message in the embedded store, with the time it becomes visible again.</summary>
public sealed record StoredOutboxMessage(OutboxEnvelope Envelope, DateTimeOffset VisibleAt, long DequeueCount);

/// <summary>
/// The outbox without a storage account: one document per message in the embedded store, named by
/// the time it was queued so that listing the queue gives the oldest first. Receiving claims a
/// message with a conditional write, so two receivers never hold the same one; the claim's ETag is
/// the receipt (as a queue's pop receipt), good until the message is written again. Each instance
/// remembers until when the messages it hid stay hidden, so a poll reads only those that may be
/// visible, and lists the queue at most once a second.
/// </summary>
public sealed partial class StoreOutboxQueue(IDocumentStore store, DocumentKeys keys, TimeProvider clock, ILogger<StoreOutboxQueue> logger) : IOutboxQueue
{
    private static readonly TimeSpan RelistAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> hiddenUntil = new();
    private readonly SemaphoreSlim receiving = new(1, 1);
    private Queue<string> pending = new();
    private long listedAt;
    private long lastQueued;

    private string Prefix => keys.OutboxQueuePrefix;

    public Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var key = $"{Prefix}{NextOrder().ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        return store.WriteAsync(key, new StoredOutboxMessage(envelope, clock.GetUtcNow(), 0), null, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        await receiving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var received = new List<OutboxDelivery>();
            var relisted = false;
            while (received.Count < max)
            {
                if (pending.Count == 0 || Stopwatch.GetElapsedTime(listedAt) > RelistAfter)
                {
                    if (relisted)
                    {
                        break;
                    }

                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                    relisted = true;
                    continue;
                }

                if (await TryClaimAsync(pending.Dequeue(), visibility, cancellationToken).ConfigureAwait(false) is { } delivery)
                {
                    received.Add(delivery);
                }
            }

            return received;
        }
        finally
        {
            receiving.Release();
        }
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

    /// <summary>
    /// Lists the queue afresh, oldest first, leaving out what this instance knows to be hidden; forgets
    /// what has left the queue. Polls between listings take from this list, so a poll costs a listing
    /// only once a second, however long the queue.
    /// </summary>
    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var listed = await store.ListKeysAsync(Prefix, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        listedAt = Stopwatch.GetTimestamp();
        pending = new Queue<string>(listed.Where(k => !(hiddenUntil.TryGetValue(k, out var until) && until > now)));
        if (hiddenUntil.Count > listed.Count)
        {
            var current = listed.ToHashSet(StringComparer.Ordinal);
            foreach (var key in hiddenUntil.Keys.Where(k => !current.Contains(k)))
            {
                hiddenUntil.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Reads the message and, when it is visible, hides it for <paramref name="visibility"/> with a conditional write.</summary>
    private async Task<OutboxDelivery?> TryClaimAsync(string key, TimeSpan visibility, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (hiddenUntil.TryGetValue(key, out var until) && until > now)
        {
            return null;
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
            return null;
        }

        if (stored is null)
        {
            return null;
        }

        if (stored.Value.VisibleAt > now)
        {
            hiddenUntil[key] = stored.Value.VisibleAt;
            return null;
        }

        var claimed = stored.Value with { VisibleAt = now + visibility, DequeueCount = stored.Value.DequeueCount + 1 };
        try
        {
            var receipt = await store.WriteAsync(key, claimed, stored.ETag, cancellationToken).ConfigureAwait(false);
            hiddenUntil[key] = claimed.VisibleAt;
            return new OutboxDelivery(claimed.Envelope, key, receipt, claimed.DequeueCount);
        }
        catch (ConcurrencyConflictException)
        {
            // Another receiver took it first.
            return null;
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
