using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Reports;

namespace CooperationBot.Exports;

public enum ExportFileKind
{
    Word,
    Excel,
}

/// <summary>A reporting cycle the materials can be compiled for, with what is known of its meeting.</summary>
public sealed record MaterialsCycle(string Id, int ReportingYear, int PlanYear, bool IsCurrent, LocalizedText MeetingTitle, DateOnly? MeetingDate, LocalizedText? Chair);

/// <summary>One unit with its report for the cycle (a new, empty report when it has none); retired units appear when they reported in the cycle.</summary>
/// <param name="Revisions">Every submitted revision, oldest first (kept as documents of their own beside the report).</param>
public sealed record UnitMaterial(Unit Unit, UnitReport Report, IReadOnlyList<ReportRevision> Revisions);

/// <summary>
/// Everything the meeting materials show, gathered once so that the Word document and the workbook
/// show the same facts. <see cref="Directives"/> is empty for an earlier cycle: directives are tracked
/// for the current cycle only.
/// </summary>
public sealed record MeetingMaterials(
    Committee Committee,
    MaterialsCycle Cycle,
    IReadOnlyList<UnitMaterial> Units,
    IReadOnlyList<DirectiveState> Directives,
    DateTimeOffset At)
{
    /// <summary>Changes made to the committee itself (units, contacts, dates…), newest first.</summary>
    public IReadOnlyList<CommitteeChange> CommitteeChanges { get; init; } = [];

    public IEnumerable<UnitMaterial> Submitted => Units.Where(u => u.Report.Latest is not null);

    public IEnumerable<UnitMaterial> NotSubmitted => Units.Where(u => u.Report.Latest is null);

    /// <summary>A time in the committee's time zone (what its people read and what its spreadsheet shows).</summary>
    public DateTime Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Committee.TimeZone).DateTime;
}
