using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;
using CooperationBot.Storage;

namespace CooperationBot.Digests;

/// <summary>
/// Computes and records digests. A digest is recorded before it is posted and marked posted after,
/// so a Refresh pressed the moment the post appears finds it, and a crash in between leaves a record
/// (refreshable, and the previous baseline untouched) rather than a post nobody can refresh.
/// "What changed" compares with the state the last digest posted in the channel showed; a refresh of
/// a posted digest keeps comparing with that digest's own baseline.
/// </summary>
public sealed partial class DigestService(
    ReportService reports,
    IDirectiveProgressSource directives,
    IDocumentStore store,
    UnreachableRecipients unreachable,
    ICommitteeSource committees,
    DocumentKeys keys,
    TimeProvider clock)
{
    /// <summary>A new digest, compared with the last one posted in the channel.</summary>
    public async Task<Digest> PrepareAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadAsync<DigestRecord>(keys.LatestDigest, cancellationToken).ConfigureAwait(false);
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        return await BuildAsync(SameCycle(latest?.Value.Shown, committee), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The current numbers for a recorded digest (its Refresh button), from the moment it is recorded,
    /// i.e. before its post appears; null for an id that is not a digest's or a digest whose post failed.
    /// </summary>
    public async Task<RefreshedDigest?> RefreshAsync(string digestId, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(digestId, cancellationToken).ConfigureAwait(false);
        return record is null || record.State == DigestState.Failed
            ? null
            : new RefreshedDigest(await BuildAsync(record.Baseline, cancellationToken).ConfigureAwait(false), record);
    }

    /// <summary>
    /// Records a digest before it is posted. With a schedule slot, the slot's digest is recorded once:
    /// running the slot again returns the same record (same id, so the outbox sends nothing twice).
    /// </summary>
    public async Task<DigestRecord> RecordAsync(Digest digest, DigestAudience audience, string? slotId, CancellationToken cancellationToken)
    {
        var id = NewDigestId();
        if (slotId is not null)
        {
            // The slot claims its id first: a crash after this line re-runs with the same id.
            try
            {
                await store.WriteAsync(keys.DigestOfSlot(slotId), new DigestSlot(slotId, id), ifMatch: null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                id = (await store.ReadAsync<DigestSlot>(keys.DigestOfSlot(slotId), cancellationToken).ConfigureAwait(false))?.Value.DigestId ?? id;
            }
        }

        var record = new DigestRecord(id, digest.ComparedWith, DigestBaseline.Of(digest), DigestState.Recorded, audience, slotId, clock.GetUtcNow());
        try
        {
            await store.WriteAsync(keys.Digest(id), record, ifMatch: null, cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (ConcurrencyConflictException)
        {
            return (await store.ReadAsync<DigestRecord>(keys.Digest(id), cancellationToken).ConfigureAwait(false))?.Value ?? record;
        }
    }

    /// <summary>
    /// The digest is out (or durably queued): it shows <paramref name="shown"/>'s state, and a channel
    /// digest becomes what the next digest compares with.
    /// </summary>
    public async Task MarkPostedAsync(DigestRecord record, Digest shown, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var posted = record with { State = DigestState.Posted, Shown = DigestBaseline.Of(shown), PostedAt = now, Failure = null };
        await store.UpdateAsync<DigestRecord, bool>(keys.Digest(record.Id), _ => new(posted, true), cancellationToken).ConfigureAwait(false);
        if (record.Audience == DigestAudience.Channel)
        {
            // A slower, older digest finishing late never replaces a newer baseline.
            await store.UpdateAsync<DigestRecord, bool>(
                keys.LatestDigest,
                latest => latest is not null && latest.RecordedAt > posted.RecordedAt ? new(null, false) : new(posted, true),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The post failed: the record says so (nobody can refresh a card that never arrived), and the baseline stays.</summary>
    public Task MarkFailedAsync(DigestRecord record, string reason, CancellationToken cancellationToken) =>
        store.UpdateAsync<DigestRecord, bool>(
            keys.Digest(record.Id),
            current => current is { State: DigestState.Posted } ? new(null, false) : new((current ?? record) with { State = DigestState.Failed, Failure = reason }, true),
            cancellationToken);

    public async Task<DigestRecord?> GetRecordAsync(string digestId, CancellationToken cancellationToken) =>
        IsDigestId(digestId) ? (await store.ReadAsync<DigestRecord>(keys.Digest(digestId), cancellationToken).ConfigureAwait(false))?.Value : null;

    /// <summary>128 random bits: a digest id cannot be guessed from a time or a slot.</summary>
    public static string NewDigestId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static bool IsDigestId(string? value) => value is not null && DigestIdPattern().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestIdPattern();

    private async Task<Digest> BuildAsync(DigestBaseline baseline, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var reportsTask = reports.GetAllAsync(cancellationToken);
        var progressTask = directives.GetAsync(cancellationToken);
        var unreachableTask = unreachable.GetAsync(cancellationToken);
        var reportsByUnit = (await reportsTask.ConfigureAwait(false)).ToDictionary(r => r.UnitId);
        var progress = await progressTask.ConfigureAwait(false);
        var unreachablePeople = await unreachableTask.ConfigureAwait(false);
        var units = committee.Units
            .Select(u => reportsByUnit.TryGetValue(u.Id, out var r) ? new UnitDigest(u, r.Status, r.Latest) : new UnitDigest(u, ReportStatus.NotStarted, null))
            .ToList();
        var changes = Compare(committee, baseline, units, progress);
        return new Digest(committee, clock.GetUtcNow(), units, progress, changes, unreachablePeople.Select(p => p.Name).ToList())
        {
            ComparedWith = baseline,
            FollowUps = FollowUpCounts(units),
        };
    }

    /// <summary>Per submitted unit: last cycle's priorities it reports done, of those it followed up.</summary>
    private static List<FollowUpCount> FollowUpCounts(IEnumerable<UnitDigest> units) => units
        .Where(u => u.Latest is { Content.FollowUps.Count: > 0 })
        .Select(u => new FollowUpCount(u.Unit, u.Latest!.Content.FollowUps.Count(f => f.Status == FollowUpStatus.Done), u.Latest.Content.FollowUps.Count))
        .ToList();

    /// <summary>A baseline from an earlier cycle compares with nothing: that cycle's reports are not this one's.</summary>
    private static DigestBaseline SameCycle(DigestBaseline? baseline, Committee committee) =>
        baseline is not null && (baseline.CycleId is null || baseline.CycleId == committee.CycleId) ? baseline : DigestBaseline.Empty;

    private static DigestChanges Compare(Committee committee, DigestBaseline baseline, IReadOnlyList<UnitDigest> units, IReadOnlyList<DirectiveProgress> progress)
    {
        var newSubmissions = new List<Unit>();
        var edited = new List<Unit>();
        foreach (var unit in units)
        {
            var before = baseline.RevisionsByUnit.GetValueOrDefault(unit.Unit.Id);
            var now = unit.Revision;
            if (before == 0 && now > 0)
            {
                newSubmissions.Add(unit.Unit);
            }
            else if (before > 0 && now > before)
            {
                edited.Add(unit.Unit);
            }
        }

        var unitsById = committee.Units.ToDictionary(u => u.Id);
        var statusChanges = new List<StatusChange>();
        foreach (var directive in progress)
        {
            foreach (var cell in directive.Cells)
            {
                var had = baseline.StatusByCell.TryGetValue(DigestBaseline.CellKey(directive.DirectiveId, cell.UnitId), out var before);
                var changed = had ? before != cell.Status : cell.Status != DirectiveStatus.NotStarted;
                if (changed && unitsById.TryGetValue(cell.UnitId, out var unit))
                {
                    statusChanges.Add(new StatusChange(directive.DirectiveId, unit, had ? before : null, cell.Status));
                }
            }
        }

        var since = baseline.At == DateTimeOffset.MinValue ? (DateTimeOffset?)null : baseline.At;
        return new DigestChanges(newSubmissions, edited, statusChanges, since);
    }
}
