namespace CooperationBot.Committees;

/// <summary>The fields of the organisers' cards, for telling which one needs attention.</summary>
public enum AdminField
{
    TitleZh,
    TitleEn,
    MeetingDate,
    ChairZh,
    ChairEn,
    ReportingYear,
    Deadline,
    TimeZone,

    /// <summary>People picked in Teams' people picker.</summary>
    People,

    /// <summary>A typed e-mail address or UPN.</summary>
    Address,

    /// <summary>The name that goes with a typed address.</summary>
    PersonName,

    /// <summary>The people already listed (organisers or a unit's contacts).</summary>
    Listed,
    UnitId,
    ShortNameZh,
    ShortNameEn,
    FullNameZh,
    FullNameEn,
    DigestDay,
    DigestTime,
    ReminderDays,
    NewDirectivesZh,
    NewDirectivesEn,
    Directives,
    DirectivesChoice,

    /// <summary>The card as a whole (a rule that no single field breaks).</summary>
    Card,
}

public enum AdminError
{
    Required,
    TooLong,
    NotADate,
    NotAYear,
    NotATime,
    UnknownTimeZone,
    NotAnAddress,
    Duplicate,
    LastOrganiser,
    LastUnit,
    TooMany,
    NameUnknown,
    ReportsExist,
    DateInPast,
    YearNotAfter,
    LinesDiffer,
    InvalidId,
    UnknownChoice,

    /// <summary>The committee's own rules refused the result; <see cref="AdminFieldError.Argument"/> says which.</summary>
    Rejected,
}

/// <summary>A problem with one field; <see cref="Argument"/> is a limit, a name or a count, depending on the error.</summary>
public sealed record AdminFieldError(AdminField Field, AdminError Error, string? Argument = null);

/// <summary>Someone picked in Teams' people picker: the object id Teams gave, and the name found for it (null when none was found).</summary>
public sealed record PickedPerson(string AadObjectId, string? Name);

/// <summary>
/// The people part of a card: who to remove (by <see cref="PersonKeys.Of"/>), who was picked in Teams,
/// and someone typed by e-mail/UPN with their name.
/// </summary>
public sealed record PeopleEdit(IReadOnlyList<string> Remove, IReadOnlyList<PickedPerson> Picked, string TypedAddress, string TypedName)
{
    public static PeopleEdit None { get; } = new([], [], string.Empty, string.Empty);
}

public sealed record MeetingInput(string TitleZh, string TitleEn, string Date, string ChairZh, string ChairEn, string? BaseVersion);

public sealed record DatesInput(string ReportingYear, string Deadline, string TimeZone, string? BaseVersion);

public sealed record UnitInput(string UnitId, string ShortNameZh, string ShortNameEn, string FullNameZh, string FullNameEn, PeopleEdit Contacts, string? BaseVersion);

public sealed record ScheduleInput(string Day, string Time, IReadOnlyList<string> ReminderDays, string? BaseVersion);

/// <summary>Directives to drop from the list, and new ones typed one per line in each language (line n in Chinese goes with line n in English).</summary>
public sealed record DirectivesInput(IReadOnlyList<string> Remove, string NewZh, string NewEn, string? BaseVersion);

/// <summary>How the next cycle starts: its reporting year (the plan year follows), deadline, and whether the directives carry over.</summary>
public sealed record NewCycleInput(string ReportingYear, string Deadline, string Directives, string BaseCycleId)
{
    public const string CarryOver = "carry";
    public const string NewDirectives = "new";
}

/// <summary>A stable key for a listed person, used by cards to say whom to remove.</summary>
public static class PersonKeys
{
    public static string Of(Person person) => person.AadObjectId is { } id ? "aad:" + id : "upn:" + person.Upn!.ToLowerInvariant();
}
