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

/// <summary>A submitted version. Revisions are only ever appended, so the history stays complete.</summary>
public sealed record ReportRevision(int Number, ReportContent Content, string SubmittedById, string SubmittedByName, DateTimeOffset SubmittedAt);

public enum ReportStatus
{
    NotStarted,
    Draft,
    Submitted,
}

/// <summary>
/// One unit's report for one cycle, stored as one document. <see cref="Version"/> counts every change
/// and travels in the card, so a save can tell whether the user saw the latest state.
/// </summary>
public sealed record UnitReport(
    string UnitId,
    string CycleId,
    int Version,
    ReportDraft? Draft,
    IReadOnlyList<ReportRevision> Revisions,
    string? LastChangedById,
    IReadOnlyList<string> RecentOperationIds)
{
    public static UnitReport New(string unitId, string cycleId) => new(unitId, cycleId, 0, null, [], null, []);

    public ReportRevision? Latest => Revisions.Count == 0 ? null : Revisions[^1];

    public ReportStatus Status => Latest is not null ? ReportStatus.Submitted : Draft is not null ? ReportStatus.Draft : ReportStatus.NotStarted;

    /// <summary>What the form shows when the user opens it: unsent edits first, else the last submission.</summary>
    public ReportContent CurrentContent => Draft?.Content ?? Latest?.Content ?? ReportContent.Empty;
}

/// <summary>Whether organisers still accept reports for a cycle.</summary>
public sealed record CycleState(bool Closed, string? ChangedByName, DateTimeOffset? ChangedAt)
{
    public static CycleState Open { get; } = new(false, null, null);
}
