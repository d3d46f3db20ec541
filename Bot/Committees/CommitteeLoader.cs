using System.Globalization;
using System.Text.Json;

namespace CooperationBot.Committees;

/// <summary>Thrown at start-up when the committee file is unusable; the message names each bad field.</summary>
public sealed class CommitteeConfigurationException(string file, IReadOnlyList<string> problems)
    : Exception($"Committee file '{file}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Reads and validates the committee JSON file. Every problem is reported with its JSON path.</summary>
public static class CommitteeLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static Committee LoadFile(string path, bool demoMode)
    {
        if (!File.Exists(path))
        {
            throw new CommitteeConfigurationException(path, ["file: not found"]);
        }

        return Parse(File.ReadAllText(path), path, demoMode);
    }

    public static Committee Parse(string json, string sourceName, bool demoMode)
    {
        CommitteeFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CommitteeFile>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new CommitteeConfigurationException(sourceName, [$"{ex.Path ?? "$"}: {ex.Message}"]);
        }

        var committee = FromFile(file, sourceName);
        return demoMode ? WithDemoUser(committee) : committee;
    }

    /// <summary>Validates the file's shape (read from disk or from the store) into a committee.</summary>
    internal static Committee FromFile(CommitteeFile? file, string sourceName)
    {
        var problems = new List<string>();
        var committee = file is null ? null : Validate(file, problems);
        if (committee is null || problems.Count > 0)
        {
            throw new CommitteeConfigurationException(sourceName, problems.Count > 0 ? problems : ["$: the file is empty"]);
        }

        return committee;
    }

    /// <summary>The file's shape of a committee: what the store keeps, so the store and the seed file read alike.</summary>
    internal static CommitteeFile ToFile(Committee c) => new(
        c.Id,
        new MeetingFile(Text(c.Meeting.Title), Date(c.Meeting.Date), Text(c.Meeting.Chair)),
        c.ReportingYear,
        c.PlanYear,
        Date(c.SubmissionDeadline),
        c.TimeZone.Id,
        c.DefaultLanguage.Name,
        [.. c.Units.Select(u => UnitOf(u, retired: null)), .. c.RetiredUnits.Select(u => UnitOf(u, retired: true))],
        c.Organisers.Select(PersonOf).ToList(),
        c.Directives.Select(d => new DirectiveFile(d.Id, Text(d.Text))).ToList(),
        new ScheduleFile(c.Schedule.DigestCron, [.. c.Schedule.ReminderDaysBeforeDeadline]))
    {
        PreviousCycles = c.PastCycles.Count == 0 ? null : c.PastCycles.Select(p => new PastCycleFile(
            p.Id, p.ReportingYear, p.PlanYear, Date(p.SubmissionDeadline), Text(p.MeetingTitle), p.ClosedAt, p.ClosedByName)).ToList(),
    };

    private static UnitFile UnitOf(Unit u, bool? retired) =>
        new(u.Id, Text(u.ShortName), Text(u.FullName), u.Contacts.Select(PersonOf).ToList()) { Retired = retired };

    private static TextFile Text(LocalizedText t) => new(t.Zh, t.En);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static PersonFile PersonOf(Person p) => new(p.Name, p.AadObjectId, p.Upn);

    /// <summary>Demo mode is an overlay on what is stored: the Playground's user plays both roles, never persisted.</summary>
    internal static Committee WithDemoUser(Committee committee)
    {
        var demo = new Person(DemoUser.Name, DemoUser.AadObjectId, null);
        var units = committee.Units.Select((u, i) => i == 0 ? u with { Contacts = [.. u.Contacts, demo] } : u).ToList();
        return committee with { Units = units, Organisers = [.. committee.Organisers, demo] };
    }

    private static Committee? Validate(CommitteeFile f, List<string> problems)
    {
        var id = Required(f.Id, "id", problems);
        var meeting = ValidateMeeting(f.Meeting ?? new MeetingFile(null, null, null), problems);
        var reportingYear = f.ReportingYear is >= 2000 and <= 2100 ? f.ReportingYear.Value : Problem("reportingYear", "must be a year between 2000 and 2100", problems, 0);
        var planYear = f.PlanYear is { } p && p == reportingYear + 1 ? p : Problem("planYear", "must be the year after reportingYear", problems, 0);
        var deadline = ParseDate(f.SubmissionDeadline, "submissionDeadline", problems);
        var timeZone = ParseTimeZone(f.TimeZone, problems);
        var language = ParseLanguage(f.DefaultLanguage, problems);

        var allUnits = (f.Units ?? []).Select((u, i) => (Unit: ValidateUnit(u, $"units[{i}]", problems), Retired: u.Retired == true)).ToList();
        var units = allUnits.Where(u => !u.Retired).Select(u => u.Unit).ToList();
        var retired = allUnits.Where(u => u.Retired).Select(u => u.Unit).ToList();
        if (units.Count == 0)
        {
            problems.Add("units: at least one unit is required");
        }

        if (units.Count > CommitteeLimits.MaxUnits)
        {
            problems.Add($"units: {units.Count} units, at most {CommitteeLimits.MaxUnits} are allowed");
        }

        // Ids stay unique across retired units too: a unit's reports are stored under its id.
        foreach (var duplicate in allUnits.GroupBy(u => u.Unit.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"units: id '{duplicate.Key}' is used more than once");
        }

        foreach (var (name, path) in new (Func<Unit, string> Name, string Path)[]
        {
            (u => u.ShortName.Zh, "shortName.zh"), (u => u.ShortName.En, "shortName.en"), (u => u.FullName.Zh, "fullName.zh"), (u => u.FullName.En, "fullName.en"),
        })
        {
            foreach (var duplicate in units.GroupBy(name, StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
            {
                problems.Add($"units: {path} '{duplicate.Key}' is used by more than one unit");
            }
        }

        var organisers = (f.Organisers ?? []).Select((o, i) => ValidatePerson(o, $"organisers[{i}]", problems)).ToList();
        if (organisers.Count == 0)
        {
            problems.Add("organisers: at least one organiser is required");
        }

        if (organisers.Count > CommitteeLimits.MaxOrganisers)
        {
            problems.Add($"organisers: at most {CommitteeLimits.MaxOrganisers} organisers are allowed");
        }

        CheckNoTwice(organisers, "organisers", problems);

        var directives = (f.Directives ?? []).Select((d, i) => new Directive(
            ValidateId(d.Id, $"directives[{i}].id", problems),
            ValidateText(d.Text, $"directives[{i}].text", problems, CommitteeLimits.MaxDirectiveTextLength))).ToList();
        foreach (var duplicate in directives.GroupBy(d => d.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"directives: id '{duplicate.Key}' is used more than once");
        }

        if (directives.Count > CommitteeLimits.MaxDirectives)
        {
            problems.Add($"directives: at most {CommitteeLimits.MaxDirectives} directives are allowed");
        }

        var schedule = ValidateSchedule(f.Schedule, problems);
        var pastCycles = (f.PreviousCycles ?? []).Select((c, i) => ValidatePastCycle(c, $"previousCycles[{i}]", problems)).ToList();
        if (problems.Count > 0)
        {
            return null;
        }

        return new Committee(id, meeting!, reportingYear, planYear, deadline, timeZone!, language!, units, organisers!, directives, schedule)
        {
            RetiredUnits = retired,
            PastCycles = pastCycles,
        };
    }

    private static PastCycle ValidatePastCycle(PastCycleFile c, string path, List<string> problems) => new(
        Required(c.Id, $"{path}.id", problems),
        c.ReportingYear ?? Problem($"{path}.reportingYear", "is required", problems, 0),
        c.PlanYear ?? Problem($"{path}.planYear", "is required", problems, 0),
        ParseDate(c.SubmissionDeadline, $"{path}.submissionDeadline", problems),
        c.MeetingTitle is null ? new LocalizedText(string.Empty, string.Empty) : new LocalizedText(c.MeetingTitle.Zh ?? string.Empty, c.MeetingTitle.En ?? string.Empty),
        c.ClosedAt ?? default,
        c.ClosedByName ?? string.Empty);

    private static void CheckNoTwice(IReadOnlyList<Person> people, string path, List<string> problems)
    {
        foreach (var twice in people.Where(p => p.AadObjectId is not null).GroupBy(p => p.AadObjectId!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Concat(people.Where(p => p.Upn is not null).GroupBy(p => p.Upn!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)))
        {
            problems.Add($"{path}: '{twice.First().Name}' is listed more than once");
        }
    }

    private static string ValidateId(string? value, string path, List<string> problems)
    {
        var id = Required(value, path, problems);
        if (id.Length > 0 && !CommitteeLimits.IsValidId(id))
        {
            problems.Add($"{path}: '{id}' must be 1-{CommitteeLimits.MaxIdLength} letters, digits, '-' or '_'");
        }

        return id;
    }

    private static Schedule ValidateSchedule(ScheduleFile? s, List<string> problems)
    {
        if (s is null)
        {
            return Schedule.Default;
        }

        var cron = string.IsNullOrWhiteSpace(s.DigestCron) ? null : s.DigestCron.Trim();
        if (cron is not null)
        {
            try
            {
                Cronos.CronExpression.Parse(cron);
            }
            catch (Cronos.CronFormatException ex)
            {
                problems.Add($"schedule.digestCron: '{cron}' is not a cron expression ({ex.Message})");
            }
        }

        var days = s.ReminderDaysBeforeDeadline ?? [.. Schedule.Default.ReminderDaysBeforeDeadline];
        foreach (var (day, i) in days.Select((d, i) => (d, i)).Where(x => x.d is < 0 or > 366))
        {
            problems.Add($"schedule.reminderDaysBeforeDeadline[{i}]: {day} is not a number of days between 0 and 366");
        }

        return new Schedule(cron, days.Distinct().OrderByDescending(d => d).ToList());
    }

    private static Meeting ValidateMeeting(MeetingFile m, List<string> problems) => new(
        ValidateText(m.Title, "meeting.title", problems),
        ParseDate(m.Date, "meeting.date", problems),
        ValidateText(m.Chair, "meeting.chair", problems));

    private static Unit ValidateUnit(UnitFile u, string path, List<string> problems)
    {
        var contacts = (u.Contacts ?? []).Select((c, i) => ValidatePerson(c, $"{path}.contacts[{i}]", problems)).ToList();
        if (contacts.Count > CommitteeLimits.MaxContactsPerUnit)
        {
            problems.Add($"{path}.contacts: {contacts.Count} contacts, at most {CommitteeLimits.MaxContactsPerUnit} are allowed");
        }

        CheckNoTwice(contacts, $"{path}.contacts", problems);
        return new Unit(
            ValidateId(u.Id, $"{path}.id", problems),
            ValidateText(u.ShortName, $"{path}.shortName", problems),
            ValidateText(u.FullName, $"{path}.fullName", problems),
            contacts);
    }

    private static Person ValidatePerson(PersonFile p, string path, List<string> problems)
    {
        var name = Limited(Required(p.Name, $"{path}.name", problems), $"{path}.name", CommitteeLimits.MaxNameLength, problems);
        if (string.IsNullOrWhiteSpace(p.AadObjectId) && string.IsNullOrWhiteSpace(p.Upn))
        {
            problems.Add($"{path}: needs aadObjectId or upn");
        }

        if (!string.IsNullOrWhiteSpace(p.Upn) && !p.Upn.Contains('@', StringComparison.Ordinal))
        {
            problems.Add($"{path}.upn: '{p.Upn}' is not a user principal name (name@domain)");
        }

        return new Person(name, NullIfBlank(p.AadObjectId), NullIfBlank(p.Upn));
    }

    private static LocalizedText ValidateText(TextFile? t, string path, List<string> problems, int maxLength = CommitteeLimits.MaxNameLength) =>
        t is null
            ? Missing(path, problems)
            : new LocalizedText(
                Limited(Required(t.Zh, $"{path}.zh", problems), $"{path}.zh", maxLength, problems),
                Limited(Required(t.En, $"{path}.en", problems), $"{path}.en", maxLength, problems));

    private static string Limited(string value, string path, int maxLength, List<string> problems)
    {
        if (value.Length > maxLength)
        {
            problems.Add($"{path}: is {value.Length} characters long, at most {maxLength} are allowed");
        }

        return value;
    }

    private static DateOnly ParseDate(string? value, string path, List<string> problems)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{path}: '{value}' is not a date in the form yyyy-MM-dd");
        return default;
    }

    private static TimeZoneInfo? ParseTimeZone(string? value, List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(value) && TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
        {
            return zone;
        }

        problems.Add($"timeZone: '{value}' is not a known time zone (use an IANA id such as Asia/Shanghai)");
        return null;
    }

    private static CultureInfo? ParseLanguage(string? value, List<string> problems)
    {
        if (value is "zh-CN" or "en-US")
        {
            return CultureInfo.GetCultureInfo(value);
        }

        problems.Add($"defaultLanguage: '{value}' is not supported (zh-CN or en-US)");
        return null;
    }

    private static string Required(string? value, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{path}: is required");
            return string.Empty;
        }

        return value.Trim();
    }

    private static LocalizedText Missing(string path, List<string> problems)
    {
        problems.Add($"{path}: is required");
        return new LocalizedText(string.Empty, string.Empty);
    }

    private static int Problem(string path, string message, List<string> problems, int fallback)
    {
        problems.Add($"{path}: {message}");
        return fallback;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // The file's shape: everything nullable so that a missing field becomes a named problem, not a crash.
    internal sealed record CommitteeFile(
        string? Id, MeetingFile? Meeting, int? ReportingYear, int? PlanYear, string? SubmissionDeadline,
        string? TimeZone, string? DefaultLanguage, List<UnitFile>? Units, List<PersonFile>? Organisers, List<DirectiveFile>? Directives,
        ScheduleFile? Schedule)
    {
        /// <summary>Cycles that have ended, oldest first (absent until the first new cycle is opened).</summary>
        public List<PastCycleFile>? PreviousCycles { get; init; }

        /// <summary>How many times the stored committee has been changed (absent in the seed file); names its history entries.</summary>
        public long? Revision { get; init; }
    }

    internal sealed record PastCycleFile(string? Id, int? ReportingYear, int? PlanYear, string? SubmissionDeadline, TextFile? MeetingTitle, DateTimeOffset? ClosedAt, string? ClosedByName);

    internal sealed record ScheduleFile(string? DigestCron, List<int>? ReminderDaysBeforeDeadline);

    internal sealed record MeetingFile(TextFile? Title, string? Date, TextFile? Chair);

    internal sealed record UnitFile(string? Id, TextFile? ShortName, TextFile? FullName, List<PersonFile>? Contacts)
    {
        /// <summary>True for a unit that no longer takes part; its reports and history stay.</summary>
        public bool? Retired { get; init; }
    }

    internal sealed record PersonFile(string? Name, string? AadObjectId, string? Upn);

    internal sealed record DirectiveFile(string? Id, TextFile? Text);

    internal sealed record TextFile(string? Zh, string? En);
}
