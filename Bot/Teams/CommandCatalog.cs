using CooperationBot.Teams.FrontDoor;

namespace CooperationBot.Teams;

/// <summary>Where in Teams a command may be typed or a card clicked; mirrors the manifest's bot command-list scopes.</summary>
[Flags]
internal enum CommandScopes
{
    None = 0,
    Personal = 1,
    Team = 2,
    GroupChat = 4,
    All = Personal | Team | GroupChat,
}

internal enum BotCommand
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
    ReachEveryone,
}

/// <param name="English">The English word the user types, also the manifest's command title.</param>
/// <param name="Chinese">The Chinese word the user types, also the zh-CN manifest title.</param>
/// <param name="Scopes">Where it may be typed; the front door refuses it anywhere else.</param>
/// <param name="Who">Who may use it; the front door refuses everyone else before the feature runs.</param>
/// <param name="DescriptionKey">Resource key of the one-line description shown in help and the manifest.</param>
/// <param name="Handle">The feature that answers it.</param>
/// <param name="TakesArgument">Whether text may follow the command word (e.g. `history 大连化物所`).</param>
/// <param name="InMenu">Whether the manifest lists it: Teams shows at most 10 commands per scope; the others are typed and shown in help.</param>
internal sealed record CommandDefinition(
    BotCommand Command, string English, string Chinese, CommandScopes Scopes, Who Who, string DescriptionKey, Func<Features, CommandRequest, Task> Handle, bool TakesArgument = false, bool InMenu = true);

/// <summary>A recognised command and the text that followed it, if the command takes any.</summary>
internal sealed record CommandMatch(CommandDefinition Definition, string? Argument)
{
    public BotCommand Command => Definition.Command;
}

/// <summary>
/// The command half of the front door's table (card verbs are in <see cref="CardVerbs"/>): one line per
/// command. The router matches whole command words only (never substrings), and the manifest tests
/// check the Teams manifest lists exactly these.
/// </summary>
internal static class CommandCatalog
{
    private const CommandScopes Personal = CommandScopes.Personal;

    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new(BotCommand.Report, "report", "填报", Personal, Who.Contact, "Command_Report", (f, r) => f.Reports.ShowAsync(r)),
        new(BotCommand.Directives, "directives", "任务", Personal, Who.Registered, "Command_Directives", (f, r) => f.Directives.ShowAsync(r)),
        new(BotCommand.Digest, "digest", "汇总", CommandScopes.All, Who.Organiser, "Command_Digest", (f, r) => f.Digests.PostOnRequestAsync(r)),
        new(BotCommand.Remind, "remind", "提醒", CommandScopes.All, Who.Organiser, "Command_Remind", (f, r) => f.Reminders.RemindOnRequestAsync(r)),
        new(BotCommand.BindChannel, "use this channel", "绑定本频道", CommandScopes.Team, Who.Organiser, "Command_BindChannel", (f, r) => f.Digests.BindChannelAsync(r)),
        new(BotCommand.History, "history", "历史", Personal, Who.Organiser, "Command_History", (f, r) => Committees.CommitteeActions.IsCommitteeSubject(r.Argument) ? f.Committee.ShowHistoryAsync(r) : f.Directives.ShowHistoryAsync(r), TakesArgument: true),
        new(BotCommand.Help, "help", "帮助", CommandScopes.All, Who.Anyone, "Command_Help", (f, r) => f.Help.ShowAsync(r)),
        new(BotCommand.CloseCycle, "close reporting", "关闭填报", Personal, Who.Organiser, "Command_CloseCycle", (f, r) => f.Cycles.SetClosedAsync(r, closed: true)),
        new(BotCommand.OpenCycle, "open reporting", "开放填报", Personal, Who.Organiser, "Command_OpenCycle", (f, r) => f.Cycles.SetClosedAsync(r, closed: false)),
        new(BotCommand.Committee, "committee", "委员会", Personal, Who.Organiser, "Command_Committee", (f, r) => f.Committee.ShowAsync(r)),
        new(BotCommand.NewCycle, "new cycle", "开启新一轮", Personal, Who.Organiser, "Command_NewCycle", (f, r) => f.Committee.ShowNewCycleAsync(r)),
        new(BotCommand.PastReports, "reports", "往年填报", Personal, Who.Registered, "Command_PastReports", (f, r) => f.Committee.ShowPastReportsAsync(r), TakesArgument: true, InMenu: false),

        // Not in the menus: the personal menu is full (Teams shows 10); the digest and the remind answer carry it as a button.
        new(BotCommand.ReachEveryone, "reach everyone", "联系全部联络人", CommandScopes.All, Who.Organiser, "Command_ReachEveryone", (f, r) => f.Reach.ReachEveryoneAsync(r), InMenu: false),
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
