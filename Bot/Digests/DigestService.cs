using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;
using CooperationBot.Storage;

namespace CooperationBot.Digests;

/// <summary>
/// Computes digests. "What changed" compares with the state the previous posted digest showed;
/// a refresh of a posted digest keeps comparing with that digest's own baseline.
/// </summary>
public sealed class DigestService(
    ReportService reports,
    IDirectiveProgressSource directives,
    IDocumentStore store,
    UnreachableRecipients unreachable,
    ICommitteeSource committees,
    DocumentKeys keys,
    TimeProvider clock)
{

    /// <summary>A new digest, compared with the last one posted.</summary>
    public async Task<Digest> PrepareAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadAsync<PostedDigest>(keys.LatestDigest, cancellationToken).ConfigureAwait(false);
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        return await BuildAsync(SameCycle(latest?.Value.Shown, committee), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current numbers for an already posted digest (its Refresh button).</summary>
    public async Task<Digest?> RefreshAsync(string digestId, CancellationToken cancellationToken)
    {
        var posted = await store.ReadAsync<PostedDigest>(keys.Digest(digestId), cancellationToken).ConfigureAwait(false);
        return posted is null ? null : await BuildAsync(posted.Value.Baseline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that a digest went out, so the next one reports changes since this one.</summary>
    public async Task<string> RecordPostedAsync(Digest digest, string digestId, CancellationToken cancellationToken)
    {
        var latest = await store.ReadAsync<PostedDigest>(keys.LatestDigest, cancellationToken).ConfigureAwait(false);
        var posted = new PostedDigest(digestId, SameCycle(latest?.Value.Shown, digest.Committee), BaselineOf(digest));
        await store.UpdateAsync<PostedDigest, bool>(keys.Digest(digestId), _ => new(posted, true), cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync<PostedDigest, bool>(keys.LatestDigest, _ => new(posted, true), cancellationToken).ConfigureAwait(false);
        return digestId;
    }

    public string NewDigestId() => $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..23];

    private async Task<Digest> BuildAsync(DigestBaseline baseline, CancellationToken cancellationToken)
    {
        var reportList = await reports.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var progress = await directives.GetAsync(cancellationToken).ConfigureAwait(false);
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var units = committee.Units
            .Select(u => reportList.FirstOrDefault(r => r.UnitId == u.Id) is { } r ? new UnitDigest(u, r.Status, r.Latest) : new UnitDigest(u, ReportStatus.NotStarted, null))
            .ToList();
        var changes = Compare(committee, baseline, units, progress);
        var unreachablePeople = await unreachable.GetAsync(cancellationToken).ConfigureAwait(false);
        return new Digest(committee, clock.GetUtcNow(), units, progress, changes, unreachablePeople.Select(p => p.Name).ToList())
        {
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
            var now = unit.Latest?.Number ?? 0;
            if (before == 0 && now > 0)
            {
                newSubmissions.Add(unit.Unit);
            }
            else if (before > 0 && now > before)
            {
                edited.Add(unit.Unit);
            }
        }

        var statusChanges = new List<StatusChange>();
        foreach (var directive in progress)
        {
            foreach (var cell in directive.Cells)
            {
                var had = baseline.StatusByCell.TryGetValue(DigestBaseline.CellKey(directive.DirectiveId, cell.UnitId), out var before);
                var changed = had ? before != cell.Status : cell.Status != DirectiveStatus.NotStarted;
                if (changed && committee.FindUnit(cell.UnitId) is { } unit)
                {
                    statusChanges.Add(new StatusChange(directive.DirectiveId, unit, had ? before : null, cell.Status));
                }
            }
        }

        var since = baseline.At == DateTimeOffset.MinValue ? (DateTimeOffset?)null : baseline.At;
        return new DigestChanges(newSubmissions, edited, statusChanges, since);
    }

    private static DigestBaseline BaselineOf(Digest digest) => new(
        digest.At,
        digest.Units.ToDictionary(u => u.Unit.Id, u => u.Latest?.Number ?? 0),
        digest.Directives.SelectMany(d => d.Cells.Select(c => (Key: DigestBaseline.CellKey(d.DirectiveId, c.UnitId), c.Status)))
            .ToDictionary(x => x.Key, x => x.Status))
    {
        CycleId = digest.Committee.CycleId,
    };

}
