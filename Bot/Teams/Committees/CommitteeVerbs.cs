namespace CooperationBot.Teams.Committees;

/// <summary>The verbs of the organisers' committee cards; data carries ids and the version the card showed.</summary>
internal static class CommitteeVerbs
{
    public const string Open = "committee.open";
    public const string EditMeeting = "committee.meeting.edit";
    public const string SaveMeeting = "committee.meeting.save";
    public const string EditDates = "committee.dates.edit";
    public const string SaveDates = "committee.dates.save";
    public const string EditOrganisers = "committee.organisers.edit";
    public const string SaveOrganisers = "committee.organisers.save";
    public const string Units = "committee.units";
    public const string MoveUp = "committee.units.up";
    public const string MoveDown = "committee.units.down";
    public const string NewUnit = "committee.unit.new";
    public const string AddUnit = "committee.unit.add";
    public const string EditUnit = "committee.unit.edit";
    public const string SaveUnit = "committee.unit.save";
    public const string Retire = "committee.unit.retire";
    public const string Reinstate = "committee.unit.reinstate";
    public const string EditSchedule = "committee.schedule.edit";
    public const string SaveSchedule = "committee.schedule.save";
    public const string EditDirectives = "committee.directives.edit";
    public const string SaveDirectives = "committee.directives.save";
    public const string History = "committee.history";
    public const string NewCycle = "cycle.new";
    public const string ConfirmCycle = "cycle.confirm";
    public const string PastCycles = "reports.past";
    public const string PastCycle = "reports.pastCycle";
    public const string PastReport = "reports.pastUnit";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Open, EditMeeting, SaveMeeting, EditDates, SaveDates, EditOrganisers, SaveOrganisers, Units, MoveUp, MoveDown, NewUnit, AddUnit,
        EditUnit, SaveUnit, Retire, Reinstate, EditSchedule, SaveSchedule, EditDirectives, SaveDirectives, History, NewCycle, ConfirmCycle,
        PastCycles, PastCycle, PastReport,
    };
}

/// <summary>Input ids of the committee cards; they are also the keys of the submitted data.</summary>
internal static class AdminInputs
{
    public const string TitleZh = "titleZh";
    public const string TitleEn = "titleEn";
    public const string MeetingDate = "meetingDate";
    public const string ChairZh = "chairZh";
    public const string ChairEn = "chairEn";
    public const string ReportingYear = "reportingYear";
    public const string Deadline = "deadline";
    public const string TimeZone = "timeZone";
    public const string People = "people";
    public const string Address = "address";
    public const string PersonName = "personName";
    public const string UnitId = "newUnitId";
    public const string ShortNameZh = "shortNameZh";
    public const string ShortNameEn = "shortNameEn";
    public const string FullNameZh = "fullNameZh";
    public const string FullNameEn = "fullNameEn";
    public const string DigestDay = "digestDay";
    public const string DigestTime = "digestTime";
    public const string ReminderDays = "reminderDays";
    public const string NewDirectivesZh = "newDirectivesZh";
    public const string NewDirectivesEn = "newDirectivesEn";
    public const string DirectivesChoice = "directivesChoice";

    /// <summary>A toggle per listed person or directive; on, its value is what to remove.</summary>
    public static string Remove(int index) => $"remove.{index}";

    public const string RemovePrefix = "remove.";

    /// <summary>The value of a remove toggle that is off.</summary>
    public const string Keep = "keep";
}
