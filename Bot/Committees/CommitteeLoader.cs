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
        c.Units.Select(u => new UnitFile(u.Id, Text(u.ShortName), Text(u.FullName), u.Contacts.Select(PersonOf).ToList())).ToList(),
        c.Organisers.Select(PersonOf).ToList(),
        c.Directives.Select(d => new DirectiveFile(d.Id, Text(d.Text))).ToList(),
        new ScheduleFile(c.Schedule.DigestCron, [.. c.Schedule.ReminderDaysBeforeDeadline]));

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

        var units = (f.Units ?? []).Select((u, i) => ValidateUnit(u, $"units[{i}]", problems)).ToList();
        if (units.Count == 0)
        {
            problems.Add("units: at least one unit is required");
        }

        foreach (var duplicate in units.Where(u => u is not null).GroupBy(u => u!.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"units: id '{duplicate.Key}' is used more than once");
        }

        var organisers = (f.Organisers ?? []).Select((o, i) => ValidatePerson(o, $"organisers[{i}]", problems)).ToList();
        if (organisers.Count == 0)
        {
            problems.Add("organisers: at least one organiser is required");
        }

        var directives = (f.Directives ?? []).Select((d, i) => new Directive(
            Required(d.Id, $"directives[{i}].id", problems),
            ValidateText(d.Text, $"directives[{i}].text", problems))).ToList();
        foreach (var duplicate in directives.GroupBy(d => d.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"directives: id '{duplicate.Key}' is used more than once");
        }

        var schedule = ValidateSchedule(f.Schedule, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        return new Committee(id, meeting!, reportingYear, planYear, deadline, timeZone!, language!, units!, organisers!, directives, schedule);
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

    private static Unit ValidateUnit(UnitFile u, string path, List<string> problems) => new(
        Required(u.Id, $"{path}.id", problems),
        ValidateText(u.ShortName, $"{path}.shortName", problems),
        ValidateText(u.FullName, $"{path}.fullName", problems),
        (u.Contacts ?? []).Select((c, i) => ValidatePerson(c, $"{path}.contacts[{i}]", problems)).ToList());

    private static Person ValidatePerson(PersonFile p, string path, List<string> problems)
    {
        var name = Required(p.Name, $"{path}.name", problems);
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

    private static LocalizedText ValidateText(TextFile? t, string path, List<string> problems) =>
        t is null
            ? Missing(path, problems)
            : new LocalizedText(Required(t.Zh, $"{path}.zh", problems), Required(t.En, $"{path}.en", problems));

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
        ScheduleFile? Schedule);

    internal sealed record ScheduleFile(string? DigestCron, List<int>? ReminderDaysBeforeDeadline);

    internal sealed record MeetingFile(TextFile? Title, string? Date, TextFile? Chair);

    internal sealed record UnitFile(string? Id, TextFile? ShortName, TextFile? FullName, List<PersonFile>? Contacts);

    internal sealed record PersonFile(string? Name, string? AadObjectId, string? Upn);

    internal sealed record DirectiveFile(string? Id, TextFile? Text);

    internal sealed record TextFile(string? Zh, string? En);
}
