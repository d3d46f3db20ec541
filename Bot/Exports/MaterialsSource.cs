using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;
using CooperationBot.Storage;

namespace CooperationBot.Exports;

/// <summary>Reads what the materials of one cycle show: each unit's report, and the directives of the current cycle.</summary>
public sealed class MaterialsSource(IDocumentStore store, DocumentKeys keys, DirectiveService directives)
{
    /// <summary>The cycles materials can be made for, the current one first.</summary>
    public static IReadOnlyList<MaterialsCycle> CyclesOf(Committee committee) =>
    [
        new(committee.CycleId, committee.ReportingYear, committee.PlanYear, IsCurrent: true, committee.Meeting.Title, committee.Meeting.Date, committee.Meeting.Chair),
    ];

    public async Task<MeetingMaterials> GatherAsync(Committee committee, MaterialsCycle cycle, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(committee.Units.Select(async unit =>
            (await store.ReadAsync<UnitReport>(keys.Report(cycle.Id, unit.Id), cancellationToken).ConfigureAwait(false))?.Value
                ?? UnitReport.New(unit.Id, cycle.Id))).ConfigureAwait(false);
        var states = cycle.IsCurrent ? await directives.GetAllAsync(cancellationToken).ConfigureAwait(false) : [];
        return new MeetingMaterials(committee, cycle, committee.Units.Select((u, i) => new UnitMaterial(u, reports[i])).ToList(), states, at);
    }
}
