using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Digests;

/// <summary>Teams side of digests: the `digest` and `use this channel` commands and the Refresh button.</summary>
internal sealed class DigestActions(DigestService digests, ChannelDirectory channels, ICommitteeSource committees, IConfiguration configuration, CooperationBot.Reach.IReachDirectory directory)
{
    /// <summary>Digests are written in the committee's language, whoever asks.</summary>
    private static Texts CommitteeTexts(Committee committee) => new(committee.DefaultLanguage);

    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    /// <summary>`digest` (organisers, anywhere): a new post in the meeting channel and a confirmation to the organiser.</summary>
    public async Task PostOnRequestAsync(CommandRequest request)
    {
        var (turn, t, cancellationToken) = (request.Turn, request.Texts, request.Cancellation);
        await RememberTeamAsync(turn, cancellationToken, createIfUnknown: true).ConfigureAwait(false);
        var target = await channels.ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (target.Team is null || target.Channel is null)
        {
            var why = target.Problem == MeetingChannelProblem.BotRemovedFromTeam ? "Digest_BotRemovedNoTeam" : "Digest_NoTeam";
            await turn.SendActivityAsync(t[why], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var digest = await digests.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var digestId = digests.NewDigestId();
        var cards = DigestCards.Build(CommitteeTexts(digest.Committee), digest, digestId, directory.Enabled);
        var (thread, _) = await TeamsInfo.SendMessageToTeamsChannelAsync(
            turn, MessageFactory.Attachment(AsAttachment(cards[0])), target.Channel.Id, BotAppId, cancellationToken).ConfigureAwait(false);
        if (cards.Count > 1)
        {
            await turn.Adapter.ContinueConversationAsync(BotAppId, thread, async (threadTurn, ct) =>
            {
                foreach (var card in cards.Skip(1))
                {
                    await threadTurn.SendActivityAsync(MessageFactory.Attachment(AsAttachment(card)), ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        await digests.RecordPostedAsync(digest, digestId, cancellationToken).ConfigureAwait(false);
        var channelName = target.Channel.Id == target.Team.TeamId ? t["Digest_General"] : target.Channel.Name ?? target.Channel.Id;
        var confirmation = t.Format("Digest_Posted", target.Team.Name ?? t["Digest_TeamFallbackName"], channelName);
        var note = target.Problem switch
        {
            MeetingChannelProblem.BoundChannelDeleted => t["Digest_BoundChannelDeleted"],
            MeetingChannelProblem.BotRemovedFromTeam => t["Digest_BotRemoved"],
            _ => null,
        };
        await turn.SendActivityAsync(note is null ? confirmation : confirmation + "\n\n" + note, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Refresh button (organisers and the committee's team): the same digest with current numbers, replacing the card in place.</summary>
    public async Task<JObject> RefreshAsync(CardRequest<DigestRef> request)
    {
        var (digestId, cancellationToken) = (request.Data.DigestId, request.Cancellation);
        var digest = await digests.RefreshAsync(digestId, cancellationToken).ConfigureAwait(false);
        return digest is null
            ? CardElements.Card([CardElements.Text(CommitteeTexts(await committees.GetAsync(cancellationToken).ConfigureAwait(false))["Digest_Gone"])])
            : DigestCards.Build(CommitteeTexts(digest.Committee), digest, digestId, directory.Enabled)[0];
    }

    /// <summary>`use this channel` (organisers, in a team channel): digests go to this channel from now on.</summary>
    public async Task BindChannelAsync(CommandRequest request)
    {
        var (turn, t, cancellationToken) = (request.Turn, request.Texts, request.Cancellation);
        var data = turn.Activity.GetChannelData<TeamsChannelData>();
        if (data?.Team?.Id is not { } teamId || data.Channel?.Id is not { } channelId || !ConversationLimits.Fits(teamId, ConversationLimits.Id) || !ConversationLimits.Fits(channelId, ConversationLimits.Id))
        {
            await turn.SendActivityAsync(t["Bind_NotInChannel"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await RememberTeamAsync(turn, cancellationToken, createIfUnknown: true).ConfigureAwait(false);
        await channels.BindAsync(teamId, channelId, request.Identity.DisplayName, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(t.Format("Bind_Done", request.Committee.Meeting.Title.For(t.Culture)), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A message from a channel proves the bot is in that team: keep the directory current. Any message
    /// updates a team already known; only an organiser's command (<paramref name="createIfUnknown"/>) adds one.
    /// </summary>
    public async Task RememberTeamAsync(ITurnContext turn, CancellationToken cancellationToken, bool createIfUnknown = false)
    {
        var data = turn.Activity.GetChannelData<TeamsChannelData>();
        if (data?.Team?.Id is not { } teamId)
        {
            return;
        }

        var known = new List<KnownChannel>();
        if (data.Channel?.Id is { } channelId)
        {
            known.Add(new KnownChannel(channelId, data.Channel.Name, false));
        }

        await channels.RecordTeamAsync(teamId, data.Team.Name, turn.Activity.ServiceUrl, data.Tenant?.Id ?? turn.Activity.Conversation?.TenantId, known, cancellationToken, createIfUnknown).ConfigureAwait(false);
    }

    private static Attachment AsAttachment(JObject card) => new() { ContentType = CardElements.ContentType, Content = card };
}
