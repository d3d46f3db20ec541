using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Committees;

/// <summary>The committee as it is now. Every feature asks here instead of holding its own copy.</summary>
public interface ICommitteeSource
{
    ValueTask<Committee> GetAsync(CancellationToken cancellationToken);
}

/// <summary>What a committee change decided: the committee to store (null: store nothing) and what to tell the caller.</summary>
public readonly record struct CommitteeDecision<T>(Committee? After, T Result);

/// <summary>The stored committee after a change (as stored: no demo overlay), the decision's result, and the recorded change (null when nothing changed).</summary>
public sealed record CommitteeUpdate<T>(Committee Committee, T Result, CommitteeChange? Change);

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
    private readonly CommitteeHistory history = new(store, keys);
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

    /// <summary>The committee as stored, without the demo overlay: what organisers edit (from the cached snapshot).</summary>
    public async ValueTask<Committee> GetStoredAsync(CancellationToken cancellationToken)
    {
        await GetAsync(cancellationToken).ConfigureAwait(false);
        return current!.Stored;
    }

    /// <summary>
    /// The committee as stored right now, read from the store (and cached): organisers' cards show what
    /// another instance saved a moment ago, not a snapshot up to <see cref="CommitteeOptions.RefreshInterval"/> old.
    /// </summary>
    public async Task<Committee> ReadStoredAsync(CancellationToken cancellationToken)
    {
        var stored = await ReadOrSeedAsync(cancellationToken).ConfigureAwait(false);
        return Remember(stored.Value, stored.ETag).Stored;
    }

    /// <summary>
    /// Applies a change and records who made it, when, and every field's old → new value as one
    /// committee-history entry (see <see cref="CommitteeHistory"/>). This is the entry point for anything
    /// that changes the committee on someone's behalf (cards, imports).
    /// </summary>
    /// <param name="change">Pure: it may run again on a newer version when someone else saved first. Null means "no change".</param>
    /// <param name="summary">What the change was, for the history: a <see cref="CommitteeParts"/> code or a short text such as "import committee.xlsx".</param>
    public async Task<Committee> UpdateAsync(Func<Committee, Committee?> change, UserIdentity by, string summary, CancellationToken cancellationToken) =>
        (await DecideAsync(c => new CommitteeDecision<bool>(change(c), true), by, summary, cancellationToken).ConfigureAwait(false)).Committee;

    /// <summary>
    /// Read-decide-write with a result: <paramref name="decide"/> sees the latest stored committee (again after
    /// a lost race), so two organisers changing different parts both keep their change, and a decision
    /// about the same part (a conflict) is made on what is stored now. Records the change in the history.
    /// </summary>
    /// <exception cref="CommitteeConfigurationException">The decided committee breaks the committee's rules; nothing is stored.</exception>
    public async Task<CommitteeUpdate<T>> DecideAsync<T>(Func<Committee, CommitteeDecision<T>> decide, UserIdentity by, string part, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var (before, file, result) = await store.UpdateAsync<CommitteeLoader.CommitteeFile, (Committee Before, CommitteeLoader.CommitteeFile? After, T Result)>(
            keys.Committee,
            stored =>
            {
                var before = CommitteeLoader.FromFile(stored, keys.Committee);
                var decision = decide(before);
                if (decision.After is null)
                {
                    return new(null, (before, null, decision.Result));
                }

                var file = CommitteeLoader.ToFile(decision.After);
                CommitteeLoader.FromFile(file, keys.Committee);
                if (DocumentJson.Serialize(file).AsSpan().SequenceEqual(DocumentJson.Serialize(CommitteeLoader.ToFile(before))))
                {
                    // Asked for what is stored already: nothing to write or record.
                    return new(null, (before, null, decision.Result));
                }

                file = file with { Revision = (stored?.Revision ?? 0) + 1 };
                return new(file, (before, file, decision.Result));
            },
            cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return new CommitteeUpdate<T>(before, result, null);
        }

        var after = Remember(file).Stored;
        var fields = CommitteeDiff.Between(before, after);
        if (fields.Count == 0)
        {
            return new CommitteeUpdate<T>(after, result, null);
        }

        // Written after the committee: a crash in between loses this entry, never the change itself.
        var at = clock.GetUtcNow();
        var change = new CommitteeChange(CommitteeHistory.IdOf(file.Revision ?? 0), at, by.AadObjectId, by.DisplayName, part, fields);
        await history.RecordAsync(change, cancellationToken).ConfigureAwait(false);
        return new CommitteeUpdate<T>(after, result, change);
    }

    /// <summary>
    /// Applies a change to the stored committee (never to the demo overlay) and returns the new committee,
    /// without a history entry: changes made on someone's behalf use the overload that names them.
    /// </summary>
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
                var file = CommitteeLoader.ToFile(after) with { Revision = (stored?.Revision ?? 0) + 1 };
                CommitteeLoader.FromFile(file, keys.Committee);
                return new(file, file);
            },
            cancellationToken).ConfigureAwait(false);
        return Remember(file).Committee;
    }

    /// <summary>Seeds the store from the file on first start and loads the committee; call at start-up to fail fast.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is { } known)
            {
                return known;
            }

            var stored = await ReadOrSeedAsync(cancellationToken).ConfigureAwait(false);
            return Remember(stored.Value, stored.ETag);
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
            // The ETag alone first: re-reading an unchanged 10,000-unit committee every few seconds would
            // cost megabytes of reading and parsing for nothing.
            if (current is { ETag: not null } known && await store.ReadETagAsync(keys.Committee, CancellationToken.None).ConfigureAwait(false) == known.ETag)
            {
                // Unchanged: keep the snapshot and its role index rather than rebuilding both.
                Interlocked.CompareExchange(ref current, known with { LoadedAt = clock.GetUtcNow() }, known);
                return;
            }

            var stored = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, CancellationToken.None).ConfigureAwait(false);

            stored ??= await ReadOrSeedAsync(CancellationToken.None).ConfigureAwait(false);
            var fresh = Remember(stored.Value, stored.ETag);

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

    private async Task<Stored<CommitteeLoader.CommitteeFile>> ReadOrSeedAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return stored;
        }

        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var seeded = await store.ReadAsync<CommitteeLoader.CommitteeFile>(keys.Committee, cancellationToken).ConfigureAwait(false);
        return seeded ?? throw new CommitteeConfigurationException(keys.Committee, ["$: the stored committee disappeared"]);
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

    /// <summary>
    /// Keeps the newest committee seen: two saves (or a save and a background refresh) finishing in the
    /// other order must not leave the older revision cached.
    /// </summary>
    private Snapshot Remember(CommitteeLoader.CommitteeFile file, string? etag = null)
    {
        var stored = CommitteeLoader.FromFile(file, keys.Committee);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, stored.TimeZone).DateTime);
        var snapshot = new Snapshot(seed.DemoMode ? CommitteeLoader.WithDemoUser(stored, today) : stored, stored, now, file.Revision ?? 0, etag);
        while (true)
        {
            var seen = Volatile.Read(ref current);
            if (seen is not null && seen.Revision > snapshot.Revision)
            {
                return snapshot;
            }

            if (Interlocked.CompareExchange(ref current, snapshot, seen) == seen)
            {
                return snapshot;
            }
        }
    }

    /// <summary>The committee as read at <see cref="LoadedAt"/>; <see cref="ETag"/> is its stored version when known.</summary>
    private sealed record Snapshot(Committee Committee, Committee Stored, DateTimeOffset LoadedAt, long Revision, string? ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "No committee in the store yet: seeded {Key} from the committee file")]
    private partial void LogSeeded(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the committee from the store; the last loaded one stays in use")]
    private partial void LogRefreshFailed(Exception exception);
}
