using System.Globalization;
using System.Text.RegularExpressions;

namespace CooperationBot.Committees;

/// <summary>The digest's day of the week as organisers choose it.</summary>
public enum DigestDay
{
    None,
    Daily,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,

    /// <summary>A cron from the file that no plain choice expresses; kept as it is.</summary>
    Custom,
}

/// <summary>
/// Plain choices for the digest (day and time) and the cron they stand for. A cron set in the file that
/// the choices cannot express stays valid and is shown as <see cref="DigestDay.Custom"/>.
/// </summary>
public static partial class ScheduleChoices
{
    private static readonly string[] CronDays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Reminder offsets offered as choices (days before the deadline); others from the file are added.</summary>
    public static IReadOnlyList<int> OfferedReminderDays { get; } = [30, 14, 7, 5, 3, 2, 1, 0];

    public static (DigestDay Day, TimeOnly Time) Describe(string? cron)
    {
        if (cron is null)
        {
            return (DigestDay.None, new TimeOnly(9, 0));
        }

        var match = SimpleCron().Match(cron.Trim());
        if (!match.Success)
        {
            return (DigestDay.Custom, new TimeOnly(9, 0));
        }

        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        if (minute > 59 || hour > 23)
        {
            return (DigestDay.Custom, new TimeOnly(9, 0));
        }

        var time = new TimeOnly(hour, minute);
        var day = match.Groups["d"].Value.ToUpperInvariant();
        if (day == "*")
        {
            return (DigestDay.Daily, time);
        }

        var index = int.TryParse(day, out var n) ? n % 7 : Array.IndexOf(CronDays, day);
        return index < 0 ? (DigestDay.Custom, time) : (DayOf((DayOfWeek)index), time);
    }

    /// <summary>The cron for a plain choice; <paramref name="custom"/> is kept when the choice is Custom.</summary>
    public static string? CronOf(DigestDay day, TimeOnly time, string? custom) => day switch
    {
        DigestDay.None => null,
        DigestDay.Custom => custom,
        DigestDay.Daily => string.Create(CultureInfo.InvariantCulture, $"{time.Minute} {time.Hour} * * *"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{time.Minute} {time.Hour} * * {CronDays[(int)WeekdayOf(day)]}"),
    };

    private static DigestDay DayOf(DayOfWeek day) => day == DayOfWeek.Sunday ? DigestDay.Sunday : (DigestDay)((int)day + 1);

    private static DayOfWeek WeekdayOf(DigestDay day) => day == DigestDay.Sunday ? DayOfWeek.Sunday : (DayOfWeek)((int)day - 1);

    [GeneratedRegex(@"^(?<m>\d{1,2}) (?<h>\d{1,2}) \* \* (?<d>\*|[0-7]|[A-Za-z]{3})$")]
    private static partial Regex SimpleCron();
}
