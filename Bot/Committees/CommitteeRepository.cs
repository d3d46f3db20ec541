using CooperationBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CooperationBot.Committees;

/// <summary>The committee as it is now. Every feature asks here instead of holding its own copy.</summary>
public interface ICommitteeSource
{
    ValueTask<Committee> GetAsync(CancellationToken cancellationToken);
}

/// <summary>The validated committee file: only the seed of the store, used when the store has no committee yet.</summary>
public sealed record CommitteeSeed(Committee Committee, bool DemoMode);

/// <summary>
/// The committee lives in the store; the file only seeds it. Turns read a cached snapshot (no storage
/// call); a snapshot older than <see cref="CommitteeOptions.RefreshInterval"/> is refreshed in the
/// background, so a change made by another instance arrives within that interval and a change made
/// here is seen at once. Changes are read-decide-write on the stored version, so two organisers never
/// overwrite each other.
/// </summary>
public sealed partial class CommitteeRepository(
    IDocumentStore store,
    CommitteeSeed seed,
    DocumentKeys keys,
    TimeProvider clock,
    IOptions<CommitteeOptions> options,
    ILogger<CommitteeRepository> logger) : ICommitteeSource
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private Snapshot? current;
    private int refreshing;

    public async ValueTask<Committee> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = current ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (clock.GetUtcNow() - snapshot.LoadedAt > options.Value.RefreshInterval && Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = Task.Run(RefreshInBackgroundAsync, CancellationToken.None);
        }

        return snapshot.Committee;
    }

    /// <summary>Applies a change to the stored committee (never to the demo overlay) and returns the new committee.</summary>
    /// <param name="change">Pure: it may run again on a newer version when another organiser saved first. Null means "no change".</param>
    public async Task<Committee> UpdateAsync(Func<Committee, Committee?> change, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var file = await store.UpdateAsync<CommitteeLoader.CommitteeFile, CommitteeLoader.CommitteeFile>(
            keys.Committee,
            stored =>
            {
                var before = CommitteeLoader.FromFile(stored, keys.Committee);
                var after = change(before);
                if (after is null)
                {
                    return new(null, stored!);
                }

                // The committee's own rules hold for every change, as for the file: a broken one is thrown back, not stored.
                var file = CommitteeLoader.ToFile(after);
                CommitteeLoader.FromFile(file, keys.Committee);
                return new(file, file);
            },
            cancellationToken).ConfigureAwait(false);
        return Remember(CommitteeLoader.FromFile(file, keys.Committee)).Committee;
    }

    /// <summary>Seeds the store from the file on first start and loads the committee; call at start-up to fail fast.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return current ?? Remember(await ReadOrSeedAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            loading.Release();
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            var stored = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null && current is { } known && stored.ETag == known.ETag)
            {
                // Unchanged: keep the snapshot and its role index rather than rebuilding both (costly at 10,000 units).
                current = known with { LoadedAt = clock.GetUtcNow() };
                return;
            }

            var fresh = stored is null
                ? Remember(await ReadOrSeedAsync(CancellationToken.None).ConfigureAwait(false))
                : Remember(CommitteeLoader.FromFile(stored.Value, keys.Committee), stored.ETag);

            // Build the role index here, not in the first turn that meets the new snapshot.
            Membership.Of(fresh.Committee);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The last good snapshot keeps serving; the next turn tries again.
            LogRefreshFailed(ex);
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private async Task<Committee> ReadOrSeedAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return CommitteeLoader.FromFile(stored.Value, keys.Committee);
        }

        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var seeded = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, cancellationToken).ConfigureAwait(false);
        return CommitteeLoader.FromFile(seeded?.Value, keys.Committee);
    }

    private async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(keys.Committee, CommitteeLoader.ToFile(seed.Committee), ifMatch: null, cancellationToken).ConfigureAwait(false);
            LogSeeded(keys.Committee);
        }
        catch (ConcurrencyConflictException)
        {
            // Already stored (by an earlier start or another instance): the store is the truth.
        }
    }

    private Snapshot Remember(Committee stored, string? etag = null)
    {
        var snapshot = new Snapshot(seed.DemoMode ? CommitteeLoader.WithDemoUser(stored) : stored, clock.GetUtcNow(), etag);
        current = snapshot;
        return snapshot;
    }

    /// <summary>The committee as read at <see cref="LoadedAt"/>; <see cref="ETag"/> is its stored version when known.</summary>
    private sealed record Snapshot(Committee Committee, DateTimeOffset LoadedAt, string? ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "No committee in the store yet: seeded {Key} from the committee file")]
    private partial void LogSeeded(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the committee from the store; the last loaded one stays in use")]
    private partial void LogRefreshFailed(Exception exception);
}
