using System.Globalization;

namespace CooperationBot.Teams;

internal static class TimeFormat
{
    /// <summary>Times are shown in the committee's time zone, with the offset so readers elsewhere are not misled.</summary>
    public static string Local(DateTimeOffset utc, TimeZoneInfo zone) => Format(utc, zone, "yyyy-MM-dd HH:mm");

    /// <summary>To the second: for "as of" stamps that readers compare after a refresh.</summary>
    public static string LocalPrecise(DateTimeOffset utc, TimeZoneInfo zone) => Format(utc, zone, "yyyy-MM-dd HH:mm:ss");

    private static string Format(DateTimeOffset utc, TimeZoneInfo zone, string pattern)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var sign = local.Offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString(pattern, CultureInfo.InvariantCulture) + $" (UTC{sign}{local.Offset.ToString("hh\\:mm", CultureInfo.InvariantCulture)})";
    }
}
