namespace CooperationBot.Conversations;

/// <summary>
/// How long the ids and names Teams sends may be before the bot keeps them. Real ones are far shorter
/// (an Entra object id is 36 characters, a channel id about 50); anything longer is not recorded.
/// </summary>
public static class ConversationLimits
{
    /// <summary>Entra object ids and UPNs: they become parts of storage keys.</summary>
    public const int UserId = 128;

    /// <summary>Team, channel, conversation, tenant and Teams user ids, and service URLs.</summary>
    public const int Id = 512;

    /// <summary>Team and channel names are cut to this length.</summary>
    public const int Name = 256;

    /// <summary>Teams the directory keeps (the bound one always); the least recently seen others go first.</summary>
    public const int Teams = 20;

    public const int ChannelsPerTeam = 200;

    public static bool Fits(string? value, int limit) => value is null || value.Length <= limit;

    public static string? Cut(string? name) => name is { Length: > Name } ? name[..Name] : name;
}
