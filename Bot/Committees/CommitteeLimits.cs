using System.Text.RegularExpressions;

namespace CooperationBot.Committees;

/// <summary>The committee's size limits, the same for the file, the store and the organisers' cards.</summary>
public static partial class CommitteeLimits
{
    public const int MaxNameLength = 100;
    /// <summary>The product runs committees of this size at the cost of a small one (see the README's benchmarks).</summary>
    public const int MaxUnits = 10_000;
    public const int MaxContactsPerUnit = 20;
    public const int MaxOrganisers = 20;
    public const int MaxDirectives = 50;
    public const int MaxDirectiveTextLength = 1000;
    public const int MaxIdLength = 40;

    /// <summary>Ids become parts of storage keys: plain letters, digits and dashes.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex IdPattern();
}
