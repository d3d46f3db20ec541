using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;
using CooperationBot.Storage;

namespace CooperationBot.Exports;

/// <summary>
/// Reads what the materials of one cycle show: each unit's report (and those of retired units that
/// reported in it), the directives of the current cycle, and the committee's own change history.
/// </summary>
public sealed class MaterialsSource(IDocumentStore store, DocumentKeys keys, DirectiveService directives, CommitteeHistory history)
{
    /// <summary>Committee changes the history sheet lists at most (the newest ones).</summary>
    public const int MaxCommitteeChanges = 1000;

    /// <summary>The cycles materials can be made for: the current one, then earlier ones, newest first.</summary>
    public static IReadOnlyList<MaterialsCycle> CyclesOf(Committee committee) =>
    [
        new(committee.CycleId, committee.ReportingYear, committee.PlanYear, IsCurrent: true, committee.Meeting.Title, committee.Meeting.Date, committee.Meeting.Chair),
        .. committee.PastCycles.Reverse().Select(p => new MaterialsCycle(p.Id, p.ReportingYear, p.PlanYear, IsCurrent: false, p.MeetingTitle, null, null)),
    ];

    public async Task<MeetingMaterials> GatherAsync(Committee committee, MaterialsCycle cycle, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var prefix = keys.CycleReportsPrefix(cycle.Id);
        var reported = (await store.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false)).Select(k => k[prefix.Length..]).ToHashSet();
        var units = committee.Units.Concat(committee.RetiredUnits.Where(u => reported.Contains(u.Id))).ToList();
        var reports = await Task.WhenAll(units.Select(async unit => reported.Contains(unit.Id)
            ? (await store.ReadAsync<UnitReport>(keys.Report(cycle.Id, unit.Id), cancellationToken).ConfigureAwait(false))?.Value ?? UnitReport.New(unit.Id, cycle.Id)
            : UnitReport.New(unit.Id, cycle.Id))).ConfigureAwait(false);
        var states = cycle.IsCurrent ? await directives.GetAllAsync(cancellationToken).ConfigureAwait(false) : [];
        var changes = (await history.PageAsync(null, MaxCommitteeChanges, cancellationToken).ConfigureAwait(false)).Changes;
        var revisions = await Task.WhenAll(reports.Select(r => RevisionsAsync(r, cancellationToken))).ConfigureAwait(false);
        return new MeetingMaterials(committee, cycle, units.Select((u, i) => new UnitMaterial(u, reports[i], revisions[i])).ToList(), states, at)
        {
            CommitteeChanges = changes,
        };
    }

    /// <summary>The report keeps only its latest revision; the earlier ones are filed beside it.</summary>
    private async Task<IReadOnlyList<ReportRevision>> RevisionsAsync(UnitReport report, CancellationToken cancellationToken)
    {
        if (report.Latest is not { } latest)
        {
            return [];
        }

        var earlier = await Task.WhenAll(Enumerable.Range(1, latest.Number - 1).Select(n =>
            store.ReadAsync<ReportRevision>(keys.ReportRevision(report.CycleId, report.UnitId, n), cancellationToken))).ConfigureAwait(false);
        return [.. earlier.Where(r => r is not null).Select(r => r!.Value), latest];
    }
}
