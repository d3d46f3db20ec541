using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Outbox;

/// <summary>Who dispatches the outbox, until when.</summary>
public sealed record DispatchLeaseDocument(string Holder, DateTimeOffset ExpiresAt);

/// <summary>
/// One dispatching instance at a time, so the whole fleet keeps within Teams' per-tenant and
/// per-conversation limits: a lock document in the store, taken when it is free or expired and
/// renewed by its holder. Taking it is a conditional write (blob ETag or the embedded store's
/// content hash), so two instances never both win. The instances' clocks must agree to well within
/// a third of the lease, as NTP-synchronised hosts do.
/// </summary>
public sealed class DispatchLease(IDocumentStore store, DocumentKeys keys, TimeProvider clock, IOptions<OutboxOptions> options)
{
    public string Holder { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Takes or renews the lease; returns until when this instance holds it, or null when another instance does.</summary>
    public async Task<DateTimeOffset?> TryHoldAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        var held = await store.UpdateAsync<DispatchLeaseDocument, bool>(keys.OutboxDispatchLease, current =>
            current is null || current.Holder == Holder || current.ExpiresAt <= now
                ? new(new DispatchLeaseDocument(Holder, until), true)
                : new(null, false), cancellationToken).ConfigureAwait(false);
        return held ? until : null;
    }

    /// <summary>Gives the lease up at once, so another instance need not wait for it to run out.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        store.UpdateAsync<DispatchLeaseDocument, bool>(keys.OutboxDispatchLease, current => current?.Holder == Holder
            ? new(current with { ExpiresAt = clock.GetUtcNow() }, true)
            : new(null, false), cancellationToken);
}
