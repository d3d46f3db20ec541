using CooperationBot.Committees;
using CooperationBot.Storage;

namespace CooperationBot.Scheduling;

/// <summary>Work done at a slot (post a digest, remind late units). Must be safe to run again for the same slot.</summary>
public interface IScheduledJob
{
    SlotKind Kind { get; }

    Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken);
}

/// <summary>Who took a slot, and whether they finished it.</summary>
public sealed record SlotClaim(string SlotId, string Instance, DateTimeOffset ClaimedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// Runs each due slot exactly once across all instances sharing the store: a slot is claimed with a
/// create-only write, so only one instance wins it. A claim left unfinished (the instance died) is
/// taken over after <see cref="StaleClaim"/>; jobs use idempotency keys, so a re-run sends nothing twice.
/// On start-up only the latest missed slot of each kind within a day is run: never a backlog.
/// </summary>
public sealed partial class Scheduler(SlotPlanner planner, IDocumentStore store, ICommitteeSource committees, DocumentKeys keys, IEnumerable<IScheduledJob> jobs, TimeProvider clock, ILogger<Scheduler> logger)
{
    public static readonly TimeSpan CatchUp = TimeSpan.FromDays(1);
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    private readonly string instance = InstanceId(Environment.MachineName, Environment.ProcessId, Guid.NewGuid());
    private readonly List<ScheduledSlot> failed = [];
    private DateTimeOffset? lastTick;

    /// <summary>
    /// Names this instance in slot claims: host and process for people reading the store, a random part
    /// so that two processes never share a name. At most 40 characters, whatever the host name.
    /// </summary>
    internal static string InstanceId(string machineName, int processId, Guid unique) =>
        $"{machineName[..Math.Min(machineName.Length, 16)]}-{processId}-{unique.ToString("N")[..12]}";

    /// <summary>Runs the slots that came due since the last tick; returns those this instance ran.</summary>
    public async Task<IReadOnlyList<ScheduledSlot>> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var due = planner.Between(committee, lastTick ?? now - CatchUp, now);
        if (lastTick is null)
        {
            due = due.GroupBy(s => s.Kind == SlotKind.Digest ? "digest" : s.Id).Select(g => g.Last()).ToList();
        }

        lastTick = now;

        // A slot whose job failed is tried again on the next ticks (its claim is ours and unfinished).
        var retry = failed.ToList();
        failed.Clear();
        var ran = new List<ScheduledSlot>();
        foreach (var (slot, retrying) in retry.Select(s => (s, true)).Concat(due.Select(s => (s, false))))
        {
            if (!retrying && !await ClaimAsync(slot, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                await RunAsync(slot, cancellationToken).ConfigureAwait(false);
                ran.Add(slot);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSlotFailed(ex, slot.Id);
                failed.Add(slot);
            }
        }

        return ran;
    }

    private async Task<bool> ClaimAsync(ScheduledSlot slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = keys.Slot(slot.Id);
        var claim = new SlotClaim(slot.Id, instance, now, null);
        try
        {
            await store.WriteAsync(key, claim, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            var existing = await store.ReadAsync<SlotClaim>(key, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.Value.FinishedAt is not null || now - existing.Value.ClaimedAt < StaleClaim)
            {
                return false;
            }

            try
            {
                await store.WriteAsync(key, claim, existing.ETag, cancellationToken).ConfigureAwait(false);
                LogTakeOver(slot.Id, existing.Value.Instance);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }
    }

    private async Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken)
    {
        foreach (var job in jobs.Where(j => j.Kind == slot.Kind))
        {
            await job.RunAsync(slot, cancellationToken).ConfigureAwait(false);
        }

        var key = keys.Slot(slot.Id);
        await store.UpdateAsync<SlotClaim, bool>(key, c => c is null || c.Instance != instance
            ? new(null, false)
            : new(c with { FinishedAt = clock.GetUtcNow() }, true), cancellationToken).ConfigureAwait(false);
        LogRan(slot.Id);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled slot {SlotId} failed; it will be tried again")]
    private partial void LogSlotFailed(Exception exception, string slotId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ran scheduled slot {SlotId}")]
    private partial void LogRan(string slotId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took over slot {SlotId} left unfinished by {Instance}")]
    private partial void LogTakeOver(string slotId, string instance);
}
