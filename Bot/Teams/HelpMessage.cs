using System.Text;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;

namespace CooperationBot.Teams;

/// <summary>What `help` shows: the user's roles and the commands the table opens to them.</summary>
internal static class HelpMessage
{
    public static string Build(Texts t, Committee committee, Roles roles)
    {
        var organisers = t.OrganiserNames(committee);
        var text = new StringBuilder()
            .Append(t["Help_Title"]).Append("\n\n")
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

        foreach (var command in CommandCatalog.All.Where(c => OpenTo(c.Who, roles)))
        {
            var word = t.IsChinese ? $"{command.Chinese} ({command.English})" : $"{command.English} ({command.Chinese})";
            text.Append("- ").Append(t.Format("Help_CommandLine", word, t[command.DescriptionKey])).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Whether help should offer the command to someone with these roles (teams and units are not known here).</summary>
    private static bool OpenTo(Who who, Roles roles) =>
        who.HasFlag(Who.Anyone)
        || (who.HasFlag(Who.Organiser) && roles.IsOrganiser)
        || ((who.HasFlag(Who.Contact) || who.HasFlag(Who.ContactOfUnit)) && roles.IsContact);
}

/// <summary>The `help` command, and the answer to text that is no command.</summary>
internal sealed class HelpActions
{
    public Task ShowAsync(CommandRequest request) => SendAsync(request, null);

    public Task ShowUnknownAsync(CommandRequest request) =>
        SendAsync(request, string.IsNullOrWhiteSpace(request.Argument) ? null : request.Texts["Unknown_Command"]);

    /// <summary>Help after a preface of our own (a welcome, "did not understand"), in one message.</summary>
    public Task SendAsync(TurnRequest request, string? preface)
    {
        var help = HelpMessage.Build(request.Texts, request.Committee, request.Roles);
        return request.Turn.SendActivityAsync(preface is null ? help : preface + "\n\n" + help, cancellationToken: request.Cancellation);
    }
}
