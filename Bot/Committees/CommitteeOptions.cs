using System.ComponentModel.DataAnnotations;

namespace CooperationBot.Committees;

public sealed class CommitteeOptions
{
    public const string Section = "Committee";

    /// <summary>Path of the committee JSON file, relative to the app's content root unless absolute.</summary>
    [Required]
    public string File { get; set; } = "Committees/sample-committee.json";

    /// <summary>
    /// Makes the Agents Playground's default user a contact of the first unit and an organiser,
    /// so one person can try both roles locally. Unset means: on only when no Teams app id is
    /// configured (local use), off in any real deployment.
    /// </summary>
    public bool? DemoMode { get; set; }

    /// <summary>How old a cached committee may get before it is read again (changes made by other instances arrive within this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The Agents Playground's built-in user (its ids are not GUID-shaped; Teams ids are opaque strings).</summary>
public static class DemoUser
{
    public const string AadObjectId = "00000000-0000-0000-0000-0000000000020";
    public const string Name = "Alex Wilber";
}
