using CooperationBot.Committees;

namespace CooperationBot.Reports;

/// <summary>What reporting needs from the previous cycle: the priorities each unit now follows up.</summary>
public sealed partial class ReportService
{
    /// <summary>The priorities the unit submitted last cycle, which this cycle's card asks about.</summary>
    public Task<IReadOnlyList<string>> PreviousPrioritiesAsync(Committee committee, string unitId, CancellationToken cancellationToken) =>
        past.PreviousPrioritiesAsync(committee, unitId, cancellationToken);
}
