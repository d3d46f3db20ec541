namespace CooperationBot.Teams.Committees;

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
