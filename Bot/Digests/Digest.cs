using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;

namespace CooperationBot.Digests;

/// <summary>One cell of the directive × unit matrix, as the digest needs it.</summary>
public sealed record CellProgress(string UnitId, DirectiveStatus Status, bool Overdue, string? Note, string? Needs);

public sealed record DirectiveProgress(string DirectiveId, LocalizedText Text, DateOnly? DueDate, IReadOnlyList<CellProgress> Cells);

/// <summary>Where the directives stand; provided by the directives feature.</summary>
public interface IDirectiveProgressSource
{
    Task<IReadOnlyList<DirectiveProgress>> GetAsync(CancellationToken cancellationToken);
}

/// <summary>One unit's line in the digest.</summary>
public sealed record UnitDigest(Unit Unit, ReportStatus Status, ReportRevision? Latest);

/// <summary>What changed since the previous digest, by unit and cell.</summary>
public sealed record DigestChanges(
    IReadOnlyList<Unit> NewSubmissions,
    IReadOnlyList<Unit> Edited,
    IReadOnlyList<StatusChange> StatusChanges,
    DateTimeOffset? Since);

public sealed record StatusChange(string DirectiveId, Unit Unit, DirectiveStatus? From, DirectiveStatus To);

/// <summary>Everything a digest shows, computed from the store at one moment.</summary>
public sealed record Digest(
    Committee Committee,
    DateTimeOffset At,
    IReadOnlyList<UnitDigest> Units,
    IReadOnlyList<DirectiveProgress> Directives,
    DigestChanges Changes,
    IReadOnlyList<string> UnreachableOrganisers)
{
    public int Submitted => Units.Count(u => u.Status == ReportStatus.Submitted);

    public int Drafts => Units.Count(u => u.Status == ReportStatus.Draft);

    public int NotStarted => Units.Count(u => u.Status == ReportStatus.NotStarted);

    /// <summary>Units that have not submitted, in committee order: never left out of a digest.</summary>
    public IReadOnlyList<Unit> Missing => Units.Where(u => u.Status != ReportStatus.Submitted).Select(u => u.Unit).ToList();

    /// <summary>How many of last cycle's priorities each submitted unit reports done (empty in a committee's first cycle).</summary>
    public IReadOnlyList<FollowUpCount> FollowUps { get; init; } = [];
}

/// <summary>Of the <see cref="Total"/> priorities a unit announced last cycle, how many it reports done.</summary>
public sealed record FollowUpCount(Unit Unit, int Done, int Total);

/// <summary>The state a later digest compares against: revisions per unit and status per cell.</summary>
public sealed record DigestBaseline(
    DateTimeOffset At,
    IReadOnlyDictionary<string, int> RevisionsByUnit,
    IReadOnlyDictionary<string, DirectiveStatus> StatusByCell)
{
    public static DigestBaseline Empty { get; } = new(DateTimeOffset.MinValue, new Dictionary<string, int>(), new Dictionary<string, DirectiveStatus>());

    public static string CellKey(string directiveId, string unitId) => $"{directiveId}/{unitId}";

    /// <summary>The cycle the state was taken in: a new cycle starts its reports from zero, so it compares with nothing.</summary>
    public string? CycleId { get; init; }
}

/// <summary>A digest that was posted: the baseline it compared against and the state it showed.</summary>
public sealed record PostedDigest(string Id, DigestBaseline Baseline, DigestBaseline Shown);
