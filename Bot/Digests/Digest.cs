using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;

namespace CooperationBot.Digests;

/// <summary>One cell of the directive × unit matrix, as the digest needs it.</summary>
public sealed record CellProgress(string UnitId, DirectiveStatus Status, bool Overdue, string? Note, string? Needs);

public sealed record DirectiveProgress(string DirectiveId, LocalizedText Text, DateOnly? DueDate, IReadOnlyList<CellProgress> Cells)
{
    public DirectiveCounts Counts { get; } = DirectiveCounts.Of(Cells.Select(c => (c.Status, c.Overdue)));
}

/// <summary>How many owner units stand where on one directive; <see cref="Overdue"/> counts across statuses.</summary>
public sealed record DirectiveCounts(int Done, int InProgress, int Blocked, int NotStarted, int Overdue)
{
    public int Total => Done + InProgress + Blocked + NotStarted;

    public int this[DirectiveStatus status] => status switch
    {
        DirectiveStatus.Done => Done,
        DirectiveStatus.InProgress => InProgress,
        DirectiveStatus.Blocked => Blocked,
        _ => NotStarted,
    };

    public static DirectiveCounts Of(IEnumerable<(DirectiveStatus Status, bool Overdue)> cells)
    {
        int done = 0, inProgress = 0, blocked = 0, notStarted = 0, overdue = 0;
        foreach (var (status, isOverdue) in cells)
        {
            _ = status switch
            {
                DirectiveStatus.Done => done++,
                DirectiveStatus.InProgress => inProgress++,
                DirectiveStatus.Blocked => blocked++,
                _ => notStarted++,
            };
            overdue += isOverdue ? 1 : 0;
        }

        return new DirectiveCounts(done, inProgress, blocked, notStarted, overdue);
    }
}

/// <summary>Where reporting stands: of <see cref="Total"/> units, how many submitted, saved a draft, or did nothing yet.</summary>
public sealed record ReportingCounts(int Submitted, int Drafts, int NotStarted)
{
    public int Total => Submitted + Drafts + NotStarted;

    public int this[ReportStatus status] => status switch
    {
        ReportStatus.Submitted => Submitted,
        ReportStatus.Draft => Drafts,
        _ => NotStarted,
    };

    public static ReportingCounts Of(IEnumerable<ReportStatus> statuses)
    {
        int submitted = 0, drafts = 0, notStarted = 0;
        foreach (var status in statuses)
        {
            _ = status switch
            {
                ReportStatus.Submitted => submitted++,
                ReportStatus.Draft => drafts++,
                _ => notStarted++,
            };
        }

        return new ReportingCounts(submitted, drafts, notStarted);
    }
}

/// <summary>Where the directives stand; provided by the directives feature.</summary>
public interface IDirectiveProgressSource
{
    Task<IReadOnlyList<DirectiveProgress>> GetAsync(CancellationToken cancellationToken);
}

/// <summary>One unit's line in the digest.</summary>
public sealed record UnitDigest(Unit Unit, ReportStatus Status, ReportRevision? Latest)
{
    public int Revision => Latest?.Number ?? 0;
}

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
    private readonly Dictionary<string, Unit> unitsById = Committee.Units.ToDictionary(u => u.Id);

    public ReportingCounts Reporting { get; } = ReportingCounts.Of(Units.Select(u => u.Status));

    public int Submitted => Reporting.Submitted;

    public int Drafts => Reporting.Drafts;

    public int NotStarted => Reporting.NotStarted;

    /// <summary>Units that have not submitted, in committee order: always counted, and listed as far as the posts allow.</summary>
    public IReadOnlyList<Unit> Missing { get; } = Units.Where(u => u.Status != ReportStatus.Submitted).Select(u => u.Unit).ToList();

    /// <summary>The state this digest was compared with ("what changed since").</summary>
    public DigestBaseline ComparedWith { get; init; } = DigestBaseline.Empty;

    /// <summary>A unit of the committee by id, without searching the list (digests of 10,000 units look up many).</summary>
    public Unit? FindUnit(string unitId) => unitsById.GetValueOrDefault(unitId);

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

    public static DigestBaseline Of(Digest digest) => new(
        digest.At,
        digest.Units.ToDictionary(u => u.Unit.Id, u => u.Revision),
        digest.Directives.SelectMany(d => d.Cells.Select(c => (Key: CellKey(d.DirectiveId, c.UnitId), c.Status)))
            .ToDictionary(x => x.Key, x => x.Status))
    {
        CycleId = digest.Committee.CycleId,
    };
}

/// <summary>Where a digest went: the committee's channel, or only to organisers while no channel is bound.</summary>
public enum DigestAudience
{
    Channel,
    Organisers,
}

/// <summary>
/// A digest's life: recorded before anything is posted (so Refresh and "what changed" work the moment
/// the post appears), then posted, or failed and reported. Records written before states existed were
/// posted ones, hence <see cref="Posted"/> first.
/// </summary>
public enum DigestState
{
    Posted,
    Recorded,
    Failed,
}

/// <summary>
/// A digest as stored: the baseline it compared against, the state it showed, and where it is in its
/// life. <see cref="Id"/> is unguessable (it is all a Refresh button carries); <see cref="SlotId"/> only
/// makes a scheduled digest idempotent.
/// </summary>
public sealed record DigestRecord(
    string Id,
    DigestBaseline Baseline,
    DigestBaseline Shown,
    DigestState State = DigestState.Posted,
    DigestAudience Audience = DigestAudience.Channel,
    string? SlotId = null,
    DateTimeOffset? RecordedAt = null,
    DateTimeOffset? PostedAt = null,
    string? Failure = null);

/// <summary>A recorded digest with the current numbers, for its Refresh button.</summary>
public sealed record RefreshedDigest(Digest Digest, DigestRecord Record);

/// <summary>Which digest a schedule slot produced, so that running the slot again posts the same digest.</summary>
public sealed record DigestSlot(string SlotId, string DigestId);
