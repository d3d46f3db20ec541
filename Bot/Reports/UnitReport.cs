namespace CooperationBot.Reports;

/// <summary>What a unit reports: last year's achievements, next year's priorities, an optional remark.</summary>
public sealed record ReportContent(IReadOnlyList<string> Achievements, IReadOnlyList<string> Priorities, string? Remark)
{
    public static ReportContent Empty { get; } = new([], [], null);

    /// <summary>How each of the previous cycle's priorities went (empty in a unit's first cycle).</summary>
    public IReadOnlyList<PriorityFollowUp> FollowUps { get; init; } = [];

    public bool SameAs(ReportContent other) =>
        Achievements.SequenceEqual(other.Achievements) && Priorities.SequenceEqual(other.Priorities) && (Remark ?? "") == (other.Remark ?? "")
        && FollowUps.SequenceEqual(other.FollowUps);
}

public sealed record ReportDraft(ReportContent Content, string SavedById, string SavedByName, DateTimeOffset SavedAt);

/// <summary>A submitted version. Revisions are never changed or removed, so the history stays complete.</summary>
public sealed record ReportRevision(int Number, ReportContent Content, string SubmittedById, string SubmittedByName, DateTimeOffset SubmittedAt);

/// <summary>A Teams activity that changed the report, remembered so that a redelivery of it changes nothing.</summary>
public sealed record RecentOperation(string Id, DateTimeOffset At);

public enum ReportStatus
{
    NotStarted,
    Draft,
    Submitted,
}

/// <summary>
/// One unit's report for one cycle: the document every save rewrites, so it holds only what a save
/// needs — the draft, the latest revision and the operations of the last little while. Older revisions
/// are documents of their own (see <see cref="ReportService.GetRevisionsAsync"/>), so a save costs the
/// same at the 5th revision and the 500th. <see cref="Version"/> counts every change and travels in the
/// card, so a save can tell whether the user saw the latest state.
/// </summary>
public sealed record UnitReport(
    string UnitId,
    string CycleId,
    int Version,
    ReportDraft? Draft,
    ReportRevision? Latest,
    IReadOnlyList<RecentOperation> RecentOperations)
{
    public static UnitReport New(string unitId, string cycleId) => new(unitId, cycleId, 0, null, null, []);

    /// <summary>How many revisions were submitted; the latest one has this number.</summary>
    public int RevisionCount => Latest?.Number ?? 0;

    public ReportStatus Status => Latest is not null ? ReportStatus.Submitted : Draft is not null ? ReportStatus.Draft : ReportStatus.NotStarted;

    /// <summary>What the form shows when the user opens it: unsent edits first, else the last submission.</summary>
    public ReportContent CurrentContent => Draft?.Content ?? Latest?.Content ?? ReportContent.Empty;
}

/// <summary>Whether organisers still accept reports for a cycle.</summary>
public sealed record CycleState(bool Closed, string? ChangedByName, DateTimeOffset? ChangedAt)
{
    public static CycleState Open { get; } = new(false, null, null);
}
