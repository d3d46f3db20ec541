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
    Directives,
    History,
    Digest,
    Remind,
    BindChannel,
    CloseCycle,
    OpenCycle,
    Committee,
    NewCycle,
    PastReports,
    Export,
}

/// <param name="English">The English word the user types, also the manifest's command title.</param>
/// <param name="Chinese">The Chinese word the user types, also the zh-CN manifest title.</param>
/// <param name="DescriptionKey">Resource key of the one-line description shown in help and the manifest.</param>
/// <param name="TakesArgument">Whether text may follow the command word (e.g. `history 大连化物所`).</param>
/// <param name="InMenu">Whether the manifest lists it: Teams shows at most 10 commands per scope; the others are typed and shown in help.</param>
public sealed record CommandDefinition(BotCommand Command, string English, string Chinese, CommandScopes Scopes, string DescriptionKey, bool TakesArgument = false, bool InMenu = true);

/// <summary>A recognised command and the text that followed it, if the command takes any.</summary>
public sealed record CommandMatch(CommandDefinition Definition, string? Argument)
{
    public BotCommand Command => Definition.Command;
}

/// <summary>
/// The single list of commands the bot understands. The router matches whole command words only
/// (never substrings), and the manifest tests check the Teams manifest lists exactly these.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new(BotCommand.Report, "report", "填报", CommandScopes.Personal, "Command_Report"),
        new(BotCommand.Directives, "directives", "任务", CommandScopes.Personal, "Command_Directives"),
        new(BotCommand.Digest, "digest", "汇总", CommandScopes.All, "Command_Digest"),
        new(BotCommand.Remind, "remind", "提醒", CommandScopes.All, "Command_Remind"),
        new(BotCommand.BindChannel, "use this channel", "绑定本频道", CommandScopes.Team, "Command_BindChannel"),
        new(BotCommand.History, "history", "历史", CommandScopes.Personal, "Command_History", TakesArgument: true),
        new(BotCommand.Help, "help", "帮助", CommandScopes.All, "Command_Help"),
        new(BotCommand.CloseCycle, "close reporting", "关闭填报", CommandScopes.Personal, "Command_CloseCycle"),
        new(BotCommand.OpenCycle, "open reporting", "开放填报", CommandScopes.Personal, "Command_OpenCycle"),
        new(BotCommand.Committee, "committee", "委员会", CommandScopes.Personal, "Command_Committee"),
        new(BotCommand.NewCycle, "new cycle", "开启新一轮", CommandScopes.Personal, "Command_NewCycle"),
        new(BotCommand.PastReports, "reports", "往年填报", CommandScopes.Personal, "Command_PastReports", TakesArgument: true, InMenu: false),
        new(BotCommand.Export, "export", "导出", CommandScopes.Personal, "Command_Export", InMenu: false),
    ];

    /// <summary>Finds the command the text is, ignoring case, surrounding spaces and a leading slash.</summary>
    public static CommandMatch? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = string.Join(' ', text.Trim().TrimStart('/').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var command in All)
        {
            foreach (var word in new[] { command.English, command.Chinese })
            {
                if (string.Equals(normalized, word, StringComparison.OrdinalIgnoreCase))
                {
                    return new CommandMatch(command, null);
                }

                // A command that takes an argument is the whole word, then the argument: after a space in
                // English; Chinese is written without spaces, so there the argument may follow at once.
                var separated = normalized.StartsWith(word + " ", StringComparison.OrdinalIgnoreCase);
                var joined = word == command.Chinese && normalized.Length > word.Length && normalized.StartsWith(word, StringComparison.Ordinal);
                if (command.TakesArgument && (separated || joined))
                {
                    return new CommandMatch(command, normalized[word.Length..].Trim());
                }
            }
        }

        return null;
    }
}
