using CooperationBot.Committees;

namespace CooperationBot.Directives;

/// <summary>How far one owner unit has got with one directive. Statuses move freely; every move is recorded.</summary>
public enum DirectiveStatus
{
    NotStarted,
    InProgress,
    Done,
    Blocked,
}

/// <summary>One recorded change of a unit's progress on a directive.</summary>
public sealed record ProgressChange(
    DateTimeOffset At,
    string ById,
    string ByName,
    DirectiveStatus OldStatus,
    DirectiveStatus NewStatus,
    string? OldNote,
    string? NewNote,
    string? NewNeeds);

/// <summary>
/// One unit's progress on one directive: its own document, so that two contacts updating different
/// directives never touch the same document. <see cref="Version"/> travels in the card.
/// </summary>
public sealed record UnitProgress(
    string DirectiveId,
    string UnitId,
    DirectiveStatus Status,
    string? Note,
    string? Needs,
    int Version,
    string? ChangedById,
    string? ChangedByName,
    DateTimeOffset? ChangedAt,
    IReadOnlyList<ProgressChange> History,
    IReadOnlyList<string> RecentOperationIds)
{
    public static UnitProgress New(string directiveId, string unitId) =>
        new(directiveId, unitId, DirectiveStatus.NotStarted, null, null, 0, null, null, null, [], []);
}

/// <summary>One recorded change of a directive's definition by an organiser.</summary>
public sealed record DefinitionChange(DateTimeOffset At, string ByName, string Field, string Old, string New);

/// <summary>A directive as organisers define it: text, owner units and due date, with its change history.</summary>
public sealed record DirectiveDefinition(
    string Id,
    int Number,
    LocalizedText Text,
    IReadOnlyList<string> OwnerUnitIds,
    DateOnly DueDate,
    int Version,
    IReadOnlyList<DefinitionChange> History);

/// <summary>A directive with every unit's progress, owned or formerly owned.</summary>
public sealed record DirectiveState(DirectiveDefinition Definition, IReadOnlyList<UnitProgress> Progress, DateOnly Today)
{
    public bool IsOwner(string unitId) => Definition.OwnerUnitIds.Contains(unitId);

    /// <summary>Past the due date (in the committee's time zone) and not done.</summary>
    public bool IsOverdue(UnitProgress progress) => Today > Definition.DueDate && progress.Status != DirectiveStatus.Done;

    public UnitProgress For(string unitId) => Progress.FirstOrDefault(p => p.UnitId == unitId) ?? UnitProgress.New(Definition.Id, unitId);

    /// <summary>Owner units in committee order, then units that recorded progress but are no longer owners.</summary>
    public IEnumerable<(UnitProgress Progress, bool Owned)> Cells(Committee committee) =>
        committee.Units.Where(u => IsOwner(u.Id)).Select(u => (For(u.Id), true))
            .Concat(Progress.Where(p => !IsOwner(p.UnitId) && p.Version > 0).Select(p => (p, false)));
}
