using System.Text.RegularExpressions;

namespace CooperationBot.Storage;

internal static partial class StoreKeys
{
    /// <summary>Keys stay plain so they map onto file names and blob names alike (no traversal, no surprises).</summary>
    public static string Validate(string key)
    {
        if (!SafeKey().IsMatch(key) || key.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid document key.", nameof(key));
        }

        return key;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")]
    private static partial Regex SafeKey();
}
