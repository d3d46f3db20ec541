using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Reports;

/// <summary>A save or submit request. Identity comes from Teams; unit, cycle and version come from the card.</summary>
public sealed record SaveReport(
    UserIdentity User,
    string UnitId,
    string CycleId,
    ReportForm Form,
    int BaseVersion,
    string OperationId,
    bool Submit);

public abstract record ReportOutcome
{
    private ReportOutcome()
    {
    }

    public sealed record Saved(UnitReport Report) : ReportOutcome;

    /// <summary>Nothing was stored; the user's text comes back with the problems.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ReportOutcome;

    /// <summary>The report changed since this user's card was drawn (by anyone, themselves included); nothing was stored.</summary>
    public sealed record Conflict(UnitReport Current) : ReportOutcome;

    public sealed record Refused(Refusal Reason) : ReportOutcome;
}

public enum Refusal
{
    NotContactOfUnit,
    WrongCycle,
    CycleClosed,
    NotOrganiser,
}

/// <summary>
/// The rules of unit reporting. Storage calls per save: 1 read of the unit's report, 1 conditional
/// write of it, and for a submission that replaces an earlier revision 1 create-only write that files
/// the earlier one as a document of its own — at most 3, whatever the committee's size or the report's
/// history (a lost race adds one read and one write). Whether the cycle is open is read from a cached
/// copy, refreshed like the committee; a change made on this instance is seen at once.
/// </summary>
public sealed partial class ReportService(
    IDocumentStore store,
    ICommitteeSource committees,
    DocumentKeys keys,
    TimeProvider clock,
    IOptions<ReportOptions> options,
    IOptions<CommitteeOptions> committeeOptions,
    ILogger<ReportService> logger)
{
    private readonly ConcurrentDictionary<string, CachedCycle> cycles = new(StringComparer.Ordinal);
    private readonly PastReports past = new(store, keys);

    /// <summary>For a service built by hand (tests, tools): default options.</summary>
    public ReportService(IDocumentStore store, ICommitteeSource committees, DocumentKeys keys, TimeProvider clock, ILogger<ReportService> logger)
        : this(store, committees, keys, clock, Options.Create(new ReportOptions()), Options.Create(new CommitteeOptions()), logger)
    {
    }

    public async Task<UnitReport> GetAsync(string unitId, CancellationToken cancellationToken)
    {
        var cycleId = (await committees.GetAsync(cancellationToken).ConfigureAwait(false)).CycleId;
        var stored = await store.ReadAsync<UnitReport>(keys.Report(cycleId, unitId), cancellationToken).ConfigureAwait(false);
        return stored?.Value ?? UnitReport.New(unitId, cycleId);
    }

    public async Task<IReadOnlyList<UnitReport>> GetAllAsync(CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var stored = await store.ReadManyAsync<UnitReport>(committee.Units.Select(u => keys.Report(committee.CycleId, u.Id)).ToList(), cancellationToken).ConfigureAwait(false);
        return committee.Units.Select((u, i) => stored[i] ?? UnitReport.New(u.Id, committee.CycleId)).ToList();
    }

    /// <summary>Every submitted revision of a unit's report in this cycle, oldest first.</summary>
    public async Task<IReadOnlyList<ReportRevision>> GetRevisionsAsync(string unitId, CancellationToken cancellationToken)
    {
        var report = await GetAsync(unitId, cancellationToken).ConfigureAwait(false);
        if (report.Latest is not { } latest)
        {
            return [];
        }

        // Every revision before the latest was filed before the report moved past it (see SaveAsync).
        var earlier = await Task.WhenAll(Enumerable.Range(1, latest.Number - 1).Select(n =>
            store.ReadAsync<ReportRevision>(keys.ReportRevision(report.CycleId, unitId, n), cancellationToken))).ConfigureAwait(false);
        return [.. earlier.Where(r => r is not null).Select(r => r!.Value), latest];
    }

    public async Task<CycleState> GetCycleAsync(CancellationToken cancellationToken)
    {
        var cycleId = (await committees.GetAsync(cancellationToken).ConfigureAwait(false)).CycleId;
        if (!cycles.TryGetValue(cycleId, out var cached))
        {
            return await LoadCycleAsync(cycleId, cancellationToken).ConfigureAwait(false);
        }

        if (clock.GetUtcNow() - cached.LoadedAt > committeeOptions.Value.RefreshInterval && cached.TryStartRefresh())
        {
            _ = Task.Run(() => RefreshCycleAsync(cycleId), CancellationToken.None);
        }

        return cached.State;
    }

    public async Task<ReportOutcome?> SetCycleClosedAsync(UserIdentity user, bool closed, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!Membership.Of(committee).RolesOf(user).IsOrganiser)
        {
            return new ReportOutcome.Refused(Refusal.NotOrganiser);
        }

        var state = new CycleState(closed, user.DisplayName, clock.GetUtcNow());
        var result = await store.UpdateAsync<CycleState, ReportOutcome?>(keys.CycleState(committee.CycleId), _ => new(state, null), cancellationToken).ConfigureAwait(false);
        cycles[committee.CycleId] = new CachedCycle(state, clock.GetUtcNow());
        return result;
    }

    public async Task<ReportOutcome> SaveAsync(SaveReport request, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (CheckAccess(committee, request.User, request.UnitId, request.CycleId) is { } refusal)
        {
            return new ReportOutcome.Refused(refusal);
        }

        var (content, errors) = ReportRules.Parse(request.Form, request.Submit);
        var previous = await past.PreviousPrioritiesAsync(committee, request.UnitId, cancellationToken).ConfigureAwait(false);
        (content, errors) = FollowUpRules.Apply(content, errors, request.Form.FollowUps, previous, request.Submit);
        if (errors.Count > 0)
        {
            return new ReportOutcome.Invalid(errors);
        }

        if ((await GetCycleAsync(cancellationToken).ConfigureAwait(false)).Closed)
        {
            return new ReportOutcome.Refused(Refusal.CycleClosed);
        }

        var key = keys.Report(committee.CycleId, request.UnitId);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync<UnitReport>(key, cancellationToken).ConfigureAwait(false);
            var current = stored?.Value ?? UnitReport.New(request.UnitId, request.CycleId);
            var now = clock.GetUtcNow();
            var (next, outcome) = Decide(current, request, content, now, options.Value.OperationMemory);
            if (next is null)
            {
                return outcome;
            }

            if (request.Submit && current.Latest is { } replaced)
            {
                // The revision about to leave the report document is filed first, so no revision is ever lost.
                await FileRevisionAsync(replaced, current, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await store.WriteAsync(key, next, stored?.ETag, cancellationToken).ConfigureAwait(false);
                return outcome;
            }
            catch (ConcurrencyConflictException) when (attempt < 25)
            {
                // Someone else wrote in between: decide again on their version (which will be a told conflict).
                await Task.Delay(Random.Shared.Next(5, 20), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Why this user may not act on this unit's report in this cycle (logged), or null when they may.</summary>
    public Refusal? CheckAccess(Committee committee, UserIdentity user, string unitId, string cycleId)
    {
        Refusal? refusal = !Membership.Of(committee).RolesOf(user).IsContactOf(unitId) ? Refusal.NotContactOfUnit
            : cycleId != committee.CycleId ? Refusal.WrongCycle
            : null;
        if (refusal is not null)
        {
            LogRefused(user.AadObjectId, unitId, cycleId, refusal.Value);
        }

        return refusal;
    }

    private static (UnitReport? Next, ReportOutcome Outcome) Decide(UnitReport current, SaveReport request, ReportContent content, DateTimeOffset now, TimeSpan memory)
    {
        if (current.RecentOperations.Any(o => o.Id == request.OperationId && now - o.At < memory))
        {
            // The same Teams activity delivered again: it was stored the first time.
            return (null, new ReportOutcome.Saved(current));
        }

        if (current.Version != request.BaseVersion)
        {
            // Whoever made the later change — another contact, or this user from a newer card — the
            // older card must not overwrite it silently.
            return (null, new ReportOutcome.Conflict(current));
        }

        var user = request.User;
        var next = request.Submit
            ? current with { Draft = null, Latest = new ReportRevision(current.RevisionCount + 1, content, user.AadObjectId, user.DisplayName, now) }
            : current with { Draft = new ReportDraft(content, user.AadObjectId, user.DisplayName, now) };
        next = next with
        {
            Version = current.Version + 1,
            RecentOperations = [.. current.RecentOperations.Where(o => now - o.At < memory).TakeLast(ReportOptions.MaxRememberedOperations - 1), new RecentOperation(request.OperationId, now)],
        };
        return (next, new ReportOutcome.Saved(next));
    }

    /// <summary>Create-only: a revision is written once; finding it already filed (a retry, a racing submit) is fine.</summary>
    private async Task FileRevisionAsync(ReportRevision revision, UnitReport report, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(keys.ReportRevision(report.CycleId, report.UnitId, revision.Number), revision, ifMatch: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Already filed: revisions never change, so the stored one is this one.
        }
    }

    private async Task<CycleState> LoadCycleAsync(string cycleId, CancellationToken cancellationToken)
    {
        var state = (await store.ReadAsync<CycleState>(keys.CycleState(cycleId), cancellationToken).ConfigureAwait(false))?.Value ?? CycleState.Open;
        cycles[cycleId] = new CachedCycle(state, clock.GetUtcNow());
        return state;
    }

    private async Task RefreshCycleAsync(string cycleId)
    {
        try
        {
            await LoadCycleAsync(cycleId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The last state read keeps serving; the next save tries again.
            LogCycleRefreshFailed(ex, cycleId);
            if (cycles.TryGetValue(cycleId, out var cached))
            {
                cached.EndRefresh();
            }
        }
    }

    /// <summary>A cycle state as read at <see cref="LoadedAt"/>; at most one refresh of it runs at a time.</summary>
    private sealed class CachedCycle(CycleState state, DateTimeOffset loadedAt)
    {
        private int refreshing;

        public CycleState State => state;

        public DateTimeOffset LoadedAt => loadedAt;

        public bool TryStartRefresh() => Interlocked.Exchange(ref refreshing, 1) == 0;

        public void EndRefresh() => Volatile.Write(ref refreshing, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused report change by {UserId} for unit {UnitId} cycle {CycleId}: {Reason}")]
    private partial void LogRefused(string userId, string unitId, string cycleId, Refusal reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh whether cycle {CycleId} is open; the last state read stays in use")]
    private partial void LogCycleRefreshFailed(Exception exception, string cycleId);
}
