using CooperationBot.Storage;

namespace CooperationBot.Outbox;

/// <summary>
/// Accepts proactive messages durably. Each key gets one ledger entry; the same key enqueued again is
/// ignored, and duplicate queue copies are settled at delivery by the ledger.
/// </summary>
public sealed class ProactiveOutbox(IOutboxQueue queue, IDocumentStore store, DocumentKeys keys, TimeProvider clock)
{
    /// <summary>Queues the envelope unless its key was queued before; true when it was queued now.</summary>
    public async Task<bool> EnqueueAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var key = LedgerKey(envelope.Key);
        if (await store.ReadAsync<OutboxEntry>(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        // Queue first, then record: a crash in between leaves a message without a ledger entry,
        // which delivers normally; the reverse order could leave an entry whose message is lost.
        await queue.SendAsync(envelope, cancellationToken).ConfigureAwait(false);
        try
        {
            await store.WriteAsync(key, new OutboxEntry(envelope.Key, OutboxStatus.Queued, 0, null, null, clock.GetUtcNow()), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Enqueued concurrently by someone else: the ledger settles the duplicate copy at delivery.
        }

        return true;
    }

    public async Task<OutboxEntry?> GetAsync(string messageKey, CancellationToken cancellationToken) =>
        (await store.ReadAsync<OutboxEntry>(LedgerKey(messageKey), cancellationToken).ConfigureAwait(false))?.Value;

    internal string LedgerKey(string messageKey) => keys.OutboxLedger(messageKey);
}
