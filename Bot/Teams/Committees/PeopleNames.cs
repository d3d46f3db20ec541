using CooperationBot.Committees;
using CooperationBot.Conversations;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;

namespace CooperationBot.Teams.Committees;

/// <summary>
/// Names for people picked in Teams' people picker, which sends only object ids: the name the committee
/// already gives them, else the people directory (e.g. Graph), else the committee's team roster. Nobody
/// found means the organiser is asked to type the name.
/// </summary>
internal sealed partial class PeopleNames(IPeopleDirectory directory, ChannelDirectory channels, ILogger<PeopleNames> logger)
{
    public async Task<IReadOnlyList<PickedPerson>> ResolveAsync(ITurnContext turn, Committee committee, IReadOnlyList<string> aadObjectIds, CancellationToken cancellationToken)
    {
        var people = new List<PickedPerson>();
        foreach (var id in aadObjectIds)
        {
            var name = Membership.Of(committee).NameOf(id)
                ?? (string.Equals(turn.Activity.From?.AadObjectId, id, StringComparison.OrdinalIgnoreCase) ? turn.Activity.From?.Name : null)
                ?? await directory.DisplayNameOfAsync(id, cancellationToken).ConfigureAwait(false)
                ?? await FromTeamAsync(turn, id, cancellationToken).ConfigureAwait(false);
            people.Add(new PickedPerson(id, string.IsNullOrWhiteSpace(name) ? null : name.Trim()));
        }

        return people;
    }

    private async Task<string?> FromTeamAsync(ITurnContext turn, string aadObjectId, CancellationToken cancellationToken)
    {
        if (turn.Activity.ChannelId != Channels.Msteams || (await channels.ResolveAsync(cancellationToken).ConfigureAwait(false)).Team is not { } team)
        {
            return null;
        }

        try
        {
            return (await TeamsInfo.GetTeamMemberAsync(turn, aadObjectId, team.TeamId, cancellationToken).ConfigureAwait(false))?.Name;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not in the team, or Teams did not answer: the organiser types the name instead.
            LogLookupFailed(ex, aadObjectId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No name found in the committee's team for picked person {AadObjectId}")]
    private partial void LogLookupFailed(Exception exception, string aadObjectId);
}
