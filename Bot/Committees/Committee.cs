using System.Globalization;
using System.Runtime.CompilerServices;

namespace CooperationBot.Committees;

/// <summary>A text the committee keeps in both of its working languages.</summary>
public sealed record LocalizedText(string Zh, string En)
{
    public string For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" ? Zh : En;
}

/// <summary>A person the committee knows: matched by Entra object id first, then by UPN.</summary>
public sealed record Person(string Name, string? AadObjectId, string? Upn);

public sealed record Meeting(LocalizedText Title, DateOnly Date, LocalizedText Chair);

public sealed record Unit(string Id, LocalizedText ShortName, LocalizedText FullName, IReadOnlyList<Person> Contacts);

public sealed record Directive(string Id, LocalizedText Text);

/// <summary>A reporting cycle that has ended: its reports stay stored under its id, read-only.</summary>
public sealed record PastCycle(string Id, int ReportingYear, int PlanYear, DateOnly SubmissionDeadline, LocalizedText MeetingTitle, DateTimeOffset ClosedAt, string ClosedByName);

/// <summary>
/// When the bot acts on its own, in the committee's time zone: a digest on a cron schedule (none when
/// null) and reminders a number of days before the submission deadline.
/// </summary>
public sealed record Schedule(string? DigestCron, IReadOnlyList<int> ReminderDaysBeforeDeadline)
{
    public static Schedule Default { get; } = new(null, [7, 3, 1]);
}

/// <summary>The committee as configured: who reports, who organises, for which years.</summary>
public sealed record Committee(
    string Id,
    Meeting Meeting,
    int ReportingYear,
    int PlanYear,
    DateOnly SubmissionDeadline,
    TimeZoneInfo TimeZone,
    CultureInfo DefaultLanguage,
    IReadOnlyList<Unit> Units,
    IReadOnlyList<Person> Organisers,
    IReadOnlyList<Directive> Directives,
    Schedule Schedule)
{
    /// <summary>One reporting cycle per committee configuration: achievements of one year, priorities of the next.</summary>
    // Keyed by the unit list itself, so a copy made with `with` and other units never finds a stale index.
    private static readonly ConditionalWeakTable<IReadOnlyList<Unit>, Dictionary<string, Unit>> UnitIndex = [];

    public string CycleId => $"{ReportingYear}-{PlanYear}";

    /// <summary>Units that no longer take part: gone from cards, digests and reminders, their reports and history kept.</summary>
    public IReadOnlyList<Unit> RetiredUnits { get; init; } = [];

    /// <summary>
    /// Days the demo overlay moved the sample's dates (deadline, meeting, directive due dates) so they fall
    /// around today; 0 outside demo mode. The store keeps the real dates.
    /// </summary>
    public int DemoShiftDays { get; init; }

    /// <summary>Earlier cycles, oldest first.</summary>
    public IReadOnlyList<PastCycle> PastCycles { get; init; } = [];

    /// <summary>The cycle before this one, whose priorities this cycle follows up.</summary>
    public PastCycle? PreviousCycle => PastCycles.Count == 0 ? null : PastCycles[^1];

    /// <summary>An active unit (what every feature acts on).</summary>
    public Unit? FindUnit(string unitId) => UnitIndex.GetValue(Units, IndexOf).GetValueOrDefault(unitId);

    private static Dictionary<string, Unit> IndexOf(IReadOnlyList<Unit> units)
    {
        var index = new Dictionary<string, Unit>(units.Count, StringComparer.Ordinal);
        foreach (var unit in units)
        {
            index.TryAdd(unit.Id, unit);
        }

        return index;
    }

    /// <summary>An active or retired unit, for history and earlier cycles.</summary>
    public Unit? FindAnyUnit(string unitId) => FindUnit(unitId) ?? RetiredUnits.FirstOrDefault(u => u.Id == unitId);
}
