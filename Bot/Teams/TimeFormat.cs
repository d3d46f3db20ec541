using System.Globalization;

namespace CooperationBot.Teams;

internal static class TimeFormat
{
    /// <summary>Times are shown in the committee's time zone, with the offset so readers elsewhere are not misled.</summary>
    public static string Local(DateTimeOffset utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{sign}{offset:hh\\:mm})");
    }
}
