using System.Text.RegularExpressions;

namespace CooperationBot.Teams;

/// <summary>
/// Names people give themselves (Teams display names) or each other (names in the committee), made safe
/// for places where Teams might still read markup, such as an @mention line: one line, no characters
/// that format, link or mention, no web or mail addresses.
/// </summary>
internal static partial class PeopleText
{
    public const int MaxNameLength = 100;

    public static string Name(string name)
    {
        var words = LineBreaksAndControls().Split(name)
            .Select(word => Addresses().Replace(new string(word.Where(c => !Formats(c)).ToArray()), string.Empty))
            .Where(word => word.Length > 0);
        var plain = string.Join(' ', words);
        return plain.Length > MaxNameLength ? plain[..MaxNameLength] : plain;
    }

    /// <summary>Markdown, mention and link characters of Teams text (~ strikes through, | makes tables).</summary>
    private static bool Formats(char c) => c is '[' or ']' or '(' or ')' or '*' or '_' or '`' or '<' or '>' or '#' or '\\' or '~' or '|';

    /// <summary>Spaces, line breaks, tabs and invisible format characters (zero-width spaces and the like).</summary>
    [GeneratedRegex(@"[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+")]
    private static partial Regex LineBreaksAndControls();

    /// <summary>What Teams would turn into a link: scheme://…, www.…, name@domain.tld.</summary>
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]*:/+\S*|www\.\S*|\S+@\S+\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Addresses();
}
