using CooperationBot.Storage;

namespace CooperationBot.Outbox;

/// <summary>One queued message in the embedded store, with the time it becomes visible again.</summary>
public sealed record StoredOutboxMessage(OutboxEnvelope Envelope, DateTimeOffset VisibleAt, long DequeueCount, string Receipt);

/// <summary>
/// The outbox without a storage account: one document per message in the embedded store. Receiving
/// claims a message with a conditional write, so two receivers never hold the same one.
/// </summary>
public sealed class StoreOutboxQueue(IDocumentStore store, DocumentKeys keys, TimeProvider clock) : IOutboxQueue
{
    private string Prefix => keys.OutboxQueuePrefix;

    public Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken) =>
        store.WriteAsync(Prefix + Guid.NewGuid().ToString("N"), new StoredOutboxMessage(envelope, clock.GetUtcNow(), 0, string.Empty), null, cancellationToken);

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        var received = new List<OutboxDelivery>();
        foreach (var key in await store.ListKeysAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (received.Count >= max)
            {
                break;
            }

            var stored = await store.ReadAsync<StoredOutboxMessage>(key, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            if (stored is null || stored.Value.VisibleAt > now)
            {
                continue;
            }

            var claimed = stored.Value with { VisibleAt = now + visibility, DequeueCount = stored.Value.DequeueCount + 1, Receipt = Guid.NewGuid().ToString("N") };
            try
            {
                await store.WriteAsync(key, claimed, stored.ETag, cancellationToken).ConfigureAwait(false);
                received.Add(new OutboxDelivery(claimed.Envelope, key, claimed.Receipt, claimed.DequeueCount));
            }
            catch (ConcurrencyConflictException)
            {
                // Another receiver took it first.
            }
        }

        return received;
    }

    public async Task DeleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (await HeldAsync(delivery, cancellationToken).ConfigureAwait(false) is { } held)
        {
            await store.DeleteAsync(delivery.MessageId, held.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task PostponeAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (await HeldAsync(delivery, cancellationToken).ConfigureAwait(false) is { } held)
        {
            await store.WriteAsync(delivery.MessageId, held.Value with { VisibleAt = clock.GetUtcNow() + delay }, held.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The message, if this delivery's receipt still holds it (as with a queue's pop receipt).</summary>
    private async Task<Stored<StoredOutboxMessage>?> HeldAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync<StoredOutboxMessage>(delivery.MessageId, cancellationToken).ConfigureAwait(false);
        return stored?.Value.Receipt == delivery.Receipt ? stored : null;
    }
}
