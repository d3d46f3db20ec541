using CooperationBot.Committees;
using CooperationBot.Storage;
using Microsoft.Extensions.Logging;

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

    /// <summary>Another contact changed the report since this user's card was drawn; nothing was stored.</summary>
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
/// The rules of unit reporting. Storage calls per save/submit: 1 read of the cycle state, 1 read of the
/// unit's report, 1 conditional write (plus one read and write per lost race, which is rare).
/// </summary>
public sealed partial class ReportService(IDocumentStore store, ICommitteeSource committees, DocumentKeys keys, TimeProvider clock, ILogger<ReportService> logger)
{
    private const int RememberedOperations = 20;

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

    public async Task<CycleState> GetCycleAsync(CancellationToken cancellationToken)
    {
        var cycleId = (await committees.GetAsync(cancellationToken).ConfigureAwait(false)).CycleId;
        return (await store.ReadAsync<CycleState>(keys.CycleState(cycleId), cancellationToken).ConfigureAwait(false))?.Value ?? CycleState.Open;
    }

    public async Task<ReportOutcome?> SetCycleClosedAsync(UserIdentity user, bool closed, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!Membership.Of(committee).RolesOf(user).IsOrganiser)
        {
            return new ReportOutcome.Refused(Refusal.NotOrganiser);
        }

        var state = new CycleState(closed, user.DisplayName, clock.GetUtcNow());
        return await store.UpdateAsync<CycleState, ReportOutcome?>(keys.CycleState(committee.CycleId), _ => new(state, null), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReportOutcome> SaveAsync(SaveReport request, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (CheckAccess(committee, request.User, request.UnitId, request.CycleId) is { } refusal)
        {
            return new ReportOutcome.Refused(refusal);
        }

        var (content, errors) = ReportRules.Parse(request.Form, request.Submit);
        if (errors.Count > 0)
        {
            return new ReportOutcome.Invalid(errors);
        }

        if ((await GetCycleAsync(cancellationToken).ConfigureAwait(false)).Closed)
        {
            return new ReportOutcome.Refused(Refusal.CycleClosed);
        }

        var now = clock.GetUtcNow();
        return await store.UpdateAsync<UnitReport, ReportOutcome>(
            keys.Report(committee.CycleId, request.UnitId),
            current => Decide(current ?? UnitReport.New(request.UnitId, request.CycleId), request, content, now),
            cancellationToken).ConfigureAwait(false);
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

    private static UpdateDecision<UnitReport, ReportOutcome> Decide(UnitReport current, SaveReport request, ReportContent content, DateTimeOffset now)
    {
        if (current.RecentOperationIds.Contains(request.OperationId))
        {
            // The same Teams activity delivered again: it was stored the first time.
            return new(null, new ReportOutcome.Saved(current));
        }

        var changedByOther = current.Version != request.BaseVersion && current.LastChangedById != request.User.AadObjectId;
        if (changedByOther && !current.CurrentContent.SameAs(content))
        {
            return new(null, new ReportOutcome.Conflict(current));
        }

        var user = request.User;
        var next = request.Submit
            ? current with
            {
                Draft = null,
                Revisions = [.. current.Revisions, new ReportRevision(current.Revisions.Count + 1, content, user.AadObjectId, user.DisplayName, now)],
            }
            : current with { Draft = new ReportDraft(content, user.AadObjectId, user.DisplayName, now) };
        next = next with
        {
            Version = current.Version + 1,
            LastChangedById = user.AadObjectId,
            RecentOperationIds = [.. current.RecentOperationIds.TakeLast(RememberedOperations - 1), request.OperationId],
        };
        return new(next, new ReportOutcome.Saved(next));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused report change by {UserId} for unit {UnitId} cycle {CycleId}: {Reason}")]
    private partial void LogRefused(string userId, string unitId, string cycleId, Refusal reason);
}
