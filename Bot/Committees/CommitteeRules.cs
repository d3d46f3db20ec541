using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CooperationBot.Committees;

/// <summary>What an edit makes of the committee: the new committee, or why not.</summary>
public sealed record Edit(Committee? After, IReadOnlyList<AdminFieldError> Errors)
{
    public static Edit Invalid(params AdminFieldError[] errors) => new(null, errors);

    public static Edit To(Committee after) => new(after, []);
}

/// <summary>
/// The organisers' edits as pure functions of the latest committee, so that they can be decided again
/// on a newer version, and the version of each part that cards carry to detect a stale edit.
/// </summary>
public static partial class CommitteeRules
{
    // Versions of each part: a short hash of what the card showed, so no counter needs storing.
    public static string MeetingVersion(Committee c) => Hash(c.Meeting.Title, c.Meeting.Date, c.Meeting.Chair);

    public static string DatesVersion(Committee c) => Hash(c.ReportingYear, c.SubmissionDeadline, c.TimeZone.Id);

    public static string OrganisersVersion(Committee c) => Hash(c.Organisers);

    public static string UnitVersion(Unit u) => Hash(u.ShortName, u.FullName, u.Contacts);

    public static string ScheduleVersion(Committee c) => Hash(c.Schedule.DigestCron, c.Schedule.ReminderDaysBeforeDeadline);

    public static string DirectivesVersion(Committee c) => Hash(c.Directives);

    public static Edit Meeting(Committee c, MeetingInput input)
    {
        var errors = new List<AdminFieldError>();
        var title = new LocalizedText(Name(input.TitleZh, AdminField.TitleZh, errors), Name(input.TitleEn, AdminField.TitleEn, errors));
        var chair = new LocalizedText(Name(input.ChairZh, AdminField.ChairZh, errors), Name(input.ChairEn, AdminField.ChairEn, errors));
        var date = Date(input.Date, AdminField.MeetingDate, errors);
        return errors.Count > 0 ? new Edit(null, errors) : Edit.To(c with { Meeting = new Meeting(title, date, chair) });
    }

    public static Edit Dates(Committee c, DatesInput input)
    {
        var errors = new List<AdminFieldError>();
        var year = Year(input.ReportingYear, errors);
        var deadline = Date(input.Deadline, AdminField.Deadline, errors);
        TimeZoneInfo? zone = null;
        if (input.TimeZone.Trim().Length == 0)
        {
            errors.Add(new(AdminField.TimeZone, AdminError.Required));
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out zone))
        {
            errors.Add(new(AdminField.TimeZone, AdminError.UnknownTimeZone));
        }

        return errors.Count > 0
            ? new Edit(null, errors)
            : Edit.To(c with { ReportingYear = year, PlanYear = year + 1, SubmissionDeadline = deadline, TimeZone = zone! });
    }

    public static Edit Organisers(Committee c, PeopleEdit edit)
    {
        var errors = new List<AdminFieldError>();
        var people = People(c.Organisers, edit, CommitteeLimits.MaxOrganisers, errors);
        if (errors.Count == 0 && people.Count == 0)
        {
            errors.Add(new(AdminField.Listed, AdminError.LastOrganiser));
        }

        return errors.Count > 0 ? new Edit(null, errors) : Edit.To(c with { Organisers = people });
    }

    /// <summary>Renames a unit and changes its contacts. A unit that is gone (retired meanwhile) is not found: null.</summary>
    public static Edit? Unit(Committee c, UnitInput input)
    {
        var index = c.Units.ToList().FindIndex(u => u.Id == input.UnitId);
        if (index < 0)
        {
            return null;
        }

        var errors = new List<AdminFieldError>();
        var unit = UnitFrom(c, c.Units[index].Id, input, c.Units[index].Contacts, errors);
        if (errors.Count > 0)
        {
            return new Edit(null, errors);
        }

        var units = c.Units.ToList();
        units[index] = unit;
        return Edit.To(c with { Units = units });
    }

    public static Edit AddUnit(Committee c, UnitInput input)
    {
        var errors = new List<AdminFieldError>();
        var id = input.UnitId.Trim().Length > 0 ? input.UnitId.Trim() : Slug(input.ShortNameEn);
        if (id.Length == 0)
        {
            errors.Add(new(AdminField.UnitId, AdminError.Required));
        }
        else if (!CommitteeLimits.IsValidId(id))
        {
            errors.Add(new(AdminField.UnitId, AdminError.InvalidId, CommitteeLimits.MaxIdLength.ToString(CultureInfo.InvariantCulture)));
        }
        else if (c.FindAnyUnit(id) is not null)
        {
            // Retired ids stay taken: their reports are stored under them.
            errors.Add(new(AdminField.UnitId, AdminError.Duplicate, id));
        }

        if (c.Units.Count >= CommitteeLimits.MaxUnits)
        {
            errors.Add(new(AdminField.Card, AdminError.TooMany, CommitteeLimits.MaxUnits.ToString(CultureInfo.InvariantCulture)));
        }

        var unit = UnitFrom(c, id, input, [], errors);
        return errors.Count > 0 ? new Edit(null, errors) : Edit.To(c with { Units = [.. c.Units, unit] });
    }

    /// <summary>Moves an active unit up (negative) or down (positive) in the committee's order.</summary>
    public static Edit? MoveUnit(Committee c, string unitId, int offset)
    {
        var units = c.Units.ToList();
        var index = units.FindIndex(u => u.Id == unitId);
        if (index < 0)
        {
            return null;
        }

        var target = Math.Clamp(index + offset, 0, units.Count - 1);
        var unit = units[index];
        units.RemoveAt(index);
        units.Insert(target, unit);
        return Edit.To(c with { Units = units });
    }

    public static Edit? RetireUnit(Committee c, string unitId)
    {
        var unit = c.FindUnit(unitId);
        if (unit is null)
        {
            return c.RetiredUnits.Any(u => u.Id == unitId) ? Edit.To(c) : null;
        }

        return c.Units.Count == 1
            ? Edit.Invalid(new AdminFieldError(AdminField.Card, AdminError.LastUnit))
            : Edit.To(c with { Units = c.Units.Where(u => u.Id != unitId).ToList(), RetiredUnits = [.. c.RetiredUnits, unit] });
    }

    /// <summary>A retired unit takes part again, at the end of the list; refused when its name is now another unit's.</summary>
    public static Edit? ReinstateUnit(Committee c, string unitId)
    {
        var unit = c.RetiredUnits.FirstOrDefault(u => u.Id == unitId);
        if (unit is null)
        {
            return c.FindUnit(unitId) is null ? null : Edit.To(c);
        }

        var errors = new List<AdminFieldError>();
        CheckUnique(c, unitId, unit.ShortName, unit.FullName, errors);
        return errors.Count > 0
            ? new Edit(null, errors)
            : Edit.To(c with { Units = [.. c.Units, unit], RetiredUnits = c.RetiredUnits.Where(u => u.Id != unitId).ToList() });
    }

    public static Edit Schedule(Committee c, ScheduleInput input)
    {
        var errors = new List<AdminFieldError>();
        var dayName = Enum.GetNames<DigestDay>().FirstOrDefault(n => string.Equals(n, input.Day.Trim(), StringComparison.OrdinalIgnoreCase));
        var day = dayName is null ? DigestDay.None : Enum.Parse<DigestDay>(dayName);
        if (dayName is null)
        {
            errors.Add(new(AdminField.DigestDay, AdminError.UnknownChoice));
        }

        var time = new TimeOnly(9, 0);
        if (day is not (DigestDay.None or DigestDay.Custom) && !TimeOnly.TryParseExact(input.Time.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            errors.Add(new(AdminField.DigestTime, AdminError.NotATime));
        }

        var days = new List<int>();
        foreach (var value in input.ReminderDays.Where(v => v.Trim().Length > 0))
        {
            if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= 366)
            {
                days.Add(d);
            }
            else
            {
                errors.Add(new(AdminField.ReminderDays, AdminError.UnknownChoice));
                break;
            }
        }

        if (errors.Count > 0)
        {
            return new Edit(null, errors);
        }

        var cron = ScheduleChoices.CronOf(day, time, c.Schedule.DigestCron);
        return Edit.To(c with { Schedule = new Schedule(cron, days.Distinct().OrderByDescending(d => d).ToList()) });
    }

    /// <param name="newId">Makes the id of the n-th new directive; ids are never reused, since progress is stored under them.</param>
    public static Edit Directives(Committee c, DirectivesInput input, Func<int, string> newId)
    {
        var errors = new List<AdminFieldError>();
        var zh = Lines(input.NewZh);
        var en = Lines(input.NewEn);
        if (zh.Count != en.Count)
        {
            errors.Add(new(zh.Count > en.Count ? AdminField.NewDirectivesEn : AdminField.NewDirectivesZh, AdminError.LinesDiffer, $"{zh.Count}/{en.Count}"));
        }

        foreach (var (lines, field) in new[] { (zh, AdminField.NewDirectivesZh), (en, AdminField.NewDirectivesEn) })
        {
            var tooLong = lines.FindIndex(l => l.Length > CommitteeLimits.MaxDirectiveTextLength);
            if (tooLong >= 0)
            {
                errors.Add(new(field, AdminError.TooLong, CommitteeLimits.MaxDirectiveTextLength.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var kept = c.Directives.Where(d => !input.Remove.Contains(d.Id)).ToList();
        var added = zh.Zip(en).Select((pair, i) => new Directive(newId(i), new LocalizedText(pair.First, pair.Second))).ToList();
        if (kept.Count + added.Count > CommitteeLimits.MaxDirectives)
        {
            errors.Add(new(AdminField.Directives, AdminError.TooMany, CommitteeLimits.MaxDirectives.ToString(CultureInfo.InvariantCulture)));
        }

        return errors.Count > 0 ? new Edit(null, errors) : Edit.To(c with { Directives = [.. kept, .. added] });
    }

    /// <summary>
    /// The next cycle: the current one joins the earlier cycles (its reports stay, read-only), the years
    /// move on, and the directives either carry over (with their progress) or start empty for the new meeting.
    /// </summary>
    public static Edit NewCycle(Committee c, NewCycleInput input, DateOnly today, DateTimeOffset now, string byName)
    {
        var errors = new List<AdminFieldError>();
        var year = Year(input.ReportingYear, errors);
        if (errors.Count == 0 && year <= c.ReportingYear)
        {
            errors.Add(new(AdminField.ReportingYear, AdminError.YearNotAfter, c.ReportingYear.ToString(CultureInfo.InvariantCulture)));
        }

        var deadline = Date(input.Deadline, AdminField.Deadline, errors);
        if (deadline != default && deadline < today)
        {
            errors.Add(new(AdminField.Deadline, AdminError.DateInPast));
        }

        if (input.Directives is not (NewCycleInput.CarryOver or NewCycleInput.NewDirectives))
        {
            errors.Add(new(AdminField.DirectivesChoice, AdminError.Required));
        }

        if (errors.Count > 0)
        {
            return new Edit(null, errors);
        }

        var past = new PastCycle(c.CycleId, c.ReportingYear, c.PlanYear, c.SubmissionDeadline, c.Meeting.Title, now, byName);
        return Edit.To(c with
        {
            ReportingYear = year,
            PlanYear = year + 1,
            SubmissionDeadline = deadline,
            Directives = input.Directives == NewCycleInput.CarryOver ? c.Directives : [],
            PastCycles = [.. c.PastCycles, past],
        });
    }

    private static Unit UnitFrom(Committee c, string id, UnitInput input, IReadOnlyList<Person> contacts, List<AdminFieldError> errors)
    {
        var shortName = new LocalizedText(Name(input.ShortNameZh, AdminField.ShortNameZh, errors), Name(input.ShortNameEn, AdminField.ShortNameEn, errors));
        var fullName = new LocalizedText(Name(input.FullNameZh, AdminField.FullNameZh, errors), Name(input.FullNameEn, AdminField.FullNameEn, errors));
        CheckUnique(c, id, shortName, fullName, errors);
        var people = People(contacts, input.Contacts, CommitteeLimits.MaxContactsPerUnit, errors);
        return new Unit(id, shortName, fullName, people);
    }

    /// <summary>No two active units share a name, in either language (compared ignoring case).</summary>
    private static void CheckUnique(Committee c, string unitId, LocalizedText shortName, LocalizedText fullName, List<AdminFieldError> errors)
    {
        var others = c.Units.Where(u => u.Id != unitId).ToList();
        foreach (var (value, field, of) in new (string, AdminField, Func<Unit, string>)[]
        {
            (shortName.Zh, AdminField.ShortNameZh, u => u.ShortName.Zh), (shortName.En, AdminField.ShortNameEn, u => u.ShortName.En),
            (fullName.Zh, AdminField.FullNameZh, u => u.FullName.Zh), (fullName.En, AdminField.FullNameEn, u => u.FullName.En),
        })
        {
            if (value.Length > 0 && others.FirstOrDefault(u => string.Equals(of(u), value, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                errors.Add(new(field, AdminError.Duplicate, other.ShortName.Zh));
            }
        }
    }

    /// <summary>
    /// The listed people after removals and additions. Adding someone already listed changes nothing
    /// (so a repeated click or two organisers adding the same person is harmless).
    /// </summary>
    private static List<Person> People(IReadOnlyList<Person> listed, PeopleEdit edit, int max, List<AdminFieldError> errors)
    {
        var people = listed.Where(p => !edit.Remove.Contains(PersonKeys.Of(p))).ToList();
        var typedName = edit.TypedName.Trim();
        var address = edit.TypedAddress.Trim();
        foreach (var picked in edit.Picked.Where(p => p.AadObjectId.Trim().Length > 0))
        {
            // A name typed beside a single picked person names them when Teams could not.
            var name = picked.Name ?? (edit.Picked.Count == 1 && address.Length == 0 && typedName.Length > 0 ? typedName : null);
            if (name is null)
            {
                errors.Add(new(AdminField.People, AdminError.NameUnknown));
                continue;
            }

            Add(people, new Person(Limit(name, AdminField.People, errors), picked.AadObjectId.Trim(), null));
        }

        if (address.Length > 0)
        {
            if (!Address().IsMatch(address))
            {
                errors.Add(new(AdminField.Address, AdminError.NotAnAddress));
            }

            if (typedName.Length == 0)
            {
                errors.Add(new(AdminField.PersonName, AdminError.Required));
            }
            else if (typedName.Length > CommitteeLimits.MaxNameLength)
            {
                errors.Add(new(AdminField.PersonName, AdminError.TooLong, CommitteeLimits.MaxNameLength.ToString(CultureInfo.InvariantCulture)));
            }

            Add(people, new Person(typedName, null, address));
        }
        else if (typedName.Length > 0 && edit.Picked.Count == 0)
        {
            errors.Add(new(AdminField.Address, AdminError.Required));
        }

        if (people.Count > max)
        {
            errors.Add(new(AdminField.Listed, AdminError.TooMany, max.ToString(CultureInfo.InvariantCulture)));
        }

        return people;
    }

    private static void Add(List<Person> people, Person person)
    {
        var known = people.Any(p =>
            (person.AadObjectId is not null && string.Equals(p.AadObjectId, person.AadObjectId, StringComparison.OrdinalIgnoreCase)) ||
            (person.Upn is not null && string.Equals(p.Upn, person.Upn, StringComparison.OrdinalIgnoreCase)));
        if (!known)
        {
            people.Add(person);
        }
    }

    private static string Name(string value, AdminField field, List<AdminFieldError> errors)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            errors.Add(new(field, AdminError.Required));
        }

        return Limit(trimmed, field, errors);
    }

    private static string Limit(string value, AdminField field, List<AdminFieldError> errors)
    {
        if (value.Length > CommitteeLimits.MaxNameLength)
        {
            errors.Add(new(field, AdminError.TooLong, CommitteeLimits.MaxNameLength.ToString(CultureInfo.InvariantCulture)));
        }

        return value;
    }

    private static DateOnly Date(string value, AdminField field, List<AdminFieldError> errors)
    {
        if (value.Trim().Length == 0)
        {
            errors.Add(new(field, AdminError.Required));
            return default;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new(field, AdminError.NotADate));
        return default;
    }

    private static int Year(string value, List<AdminFieldError> errors)
    {
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2099)
        {
            return year;
        }

        errors.Add(new(AdminField.ReportingYear, AdminError.NotAYear));
        return 0;
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>An id from an English name: "Shenyang Institute" → "shenyang-institute".</summary>
    private static string Slug(string name)
    {
        var slug = NotIdCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > CommitteeLimits.MaxIdLength ? slug[..CommitteeLimits.MaxIdLength].TrimEnd('-') : slug;
    }

    private static string Hash(params object?[] parts)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(parts);
        return Convert.ToHexString(SHA256.HashData(json))[..12].ToLowerInvariant();
    }

    [GeneratedRegex(@"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]
    private static partial Regex Address();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdCharacters();
}
