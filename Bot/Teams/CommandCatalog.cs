namespace CooperationBot.Teams;

/// <summary>Where in Teams a command may be typed; mirrors the manifest's bot command-list scopes.</summary>
[Flags]
public enum CommandScopes
{
    None = 0,
    Personal = 1,
    Team = 2,
    GroupChat = 4,
    All = Personal | Team | GroupChat,
}

public enum BotCommand
{
    Help,
    Report,
    CloseCycle,
    OpenCycle,
}

/// <param name="English">The English word the user types, also the manifest's command title.</param>
/// <param name="Chinese">The Chinese word the user types, also the zh-CN manifest title.</param>
/// <param name="DescriptionKey">Resource key of the one-line description shown in help and the manifest.</param>
public sealed record CommandDefinition(BotCommand Command, string English, string Chinese, CommandScopes Scopes, string DescriptionKey);

/// <summary>
/// The single list of commands the bot understands. The router matches whole commands only (never
/// substrings), and the manifest tests check the Teams manifest lists exactly these.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new(BotCommand.Report, "report", "填报", CommandScopes.Personal, "Command_Report"),
        new(BotCommand.Help, "help", "帮助", CommandScopes.All, "Command_Help"),
        new(BotCommand.CloseCycle, "close reporting", "关闭填报", CommandScopes.Personal, "Command_CloseCycle"),
        new(BotCommand.OpenCycle, "open reporting", "开放填报", CommandScopes.Personal, "Command_OpenCycle"),
    ];

    /// <summary>Finds the command the text is, ignoring case, surrounding spaces and a leading slash.</summary>
    public static CommandDefinition? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = string.Join(' ', text.Trim().TrimStart('/').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return All.FirstOrDefault(c =>
            string.Equals(c.English, normalized, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(c.Chinese, normalized, StringComparison.Ordinal));
    }
}
