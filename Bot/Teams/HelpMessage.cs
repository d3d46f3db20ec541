using System.Text;
using CooperationBot.Committees;
using CooperationBot.Localization;

namespace CooperationBot.Teams;

/// <summary>What `help` shows: the user's roles and the commands open to them.</summary>
internal static class HelpMessage
{
    private static readonly BotCommand[] ContactCommands = [BotCommand.Report, BotCommand.Directives, BotCommand.PastReports];
    private static readonly BotCommand[] OrganiserCommands =
        [BotCommand.Directives, BotCommand.Digest, BotCommand.Remind, BotCommand.BindChannel, BotCommand.History, BotCommand.CloseCycle, BotCommand.OpenCycle,
         BotCommand.Committee, BotCommand.NewCycle, BotCommand.PastReports, BotCommand.Export];

    public static string Build(Texts t, Committee committee, Roles roles)
    {
        var organisers = t.OrganiserNames(committee);
        var text = new StringBuilder()
            .Append("**").Append(t["Help_Title"]).Append("**\n\n")
            .Append(t.Format("Help_Intro", committee.Meeting.Title.For(t.Culture))).Append("\n\n");
        if (roles.IsContact)
        {
            text.Append(t.Format("Help_RoleContact", t.List(roles.ContactOf.Select(u => u.ShortName.For(t.Culture))))).Append("\n\n");
        }

        if (roles.IsOrganiser)
        {
            text.Append(t["Help_RoleOrganiser"]).Append("\n\n");
        }

        if (!roles.IsContact && !roles.IsOrganiser)
        {
            text.Append(t.Format("Help_RoleNeither", organisers)).Append("\n\n");
        }

        var commands = (roles.IsContact ? ContactCommands : [])
            .Concat(roles.IsOrganiser ? OrganiserCommands : [])
            .Append(BotCommand.Help)
            .Distinct()
            .Select(c => CommandCatalog.All.Single(d => d.Command == c));
        foreach (var command in commands)
        {
            var word = t.IsChinese ? $"{command.Chinese} ({command.English})" : $"{command.English} ({command.Chinese})";
            text.Append("- ").Append(t.Format("Help_CommandLine", word, t[command.DescriptionKey])).Append('\n');
        }

        if (roles.IsOrganiser)
        {
            // Not a command: a file sent to the bot.
            text.Append("- ").Append(t["Command_ImportHint"]).Append('\n');
        }

        return text.ToString();
    }
}
