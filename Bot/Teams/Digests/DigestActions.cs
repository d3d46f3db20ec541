using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Proactive;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Digests;

/// <summary>
/// Teams side of digests: the `digest` and `use this channel` commands and the Refresh button. A digest
/// is recorded, then posted, then marked posted; a post that fails is marked failed and the organiser
/// told, so no posted digest is ever without its record.
/// </summary>
internal sealed partial class DigestActions(
    DigestService digests,
    ChannelDirectory channels,
    IProactiveMessenger messenger,
    ICommitteeSource committees,
    IConfiguration configuration,
    CooperationBot.Reach.IReachDirectory directory,
    ILogger<DigestActions> logger)
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
            await SendToOrganiserAsync(request, target.Problem).ConfigureAwait(false);
            return;
        }

        var digest = await digests.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var record = await digests.RecordAsync(digest, DigestAudience.Channel, slotId: null, cancellationToken).ConfigureAwait(false);
        var cards = DigestCards.Build(CommitteeTexts(digest.Committee), digest, record.Id, offerReach: directory.Enabled);
        ConversationReference thread;
        try
        {
            (thread, _) = await TeamsInfo.SendMessageToTeamsChannelAsync(
                turn, MessageFactory.Attachment(AsAttachment(cards[0])), target.Channel.Id, BotAppId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPostFailed(ex, record.Id);
            await digests.MarkFailedAsync(record, Reason(ex), cancellationToken).ConfigureAwait(false);
            await turn.SendActivityAsync(t.Format("Digest_PostFailed", Reason(ex)), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var continuationFailure = cards.Count > 1 ? await PostContinuationAsync(turn, thread, cards.Skip(1), cancellationToken).ConfigureAwait(false) : null;
        await digests.MarkPostedAsync(record, digest, cancellationToken).ConfigureAwait(false);

        var channelName = target.Channel.Id == target.Team.TeamId ? t["Digest_General"] : target.Channel.Name ?? target.Channel.Id;
        var lines = new List<string> { t.Format("Digest_Posted", target.Team.Name ?? t["Digest_TeamFallbackName"], channelName) };
        if (target.Problem == MeetingChannelProblem.BoundChannelDeleted)
        {
            lines.Add(t["Digest_BoundChannelDeleted"]);
        }

        if (continuationFailure is not null)
        {
            lines.Add(t.Format("Digest_PartlyPosted", continuationFailure));
        }

        await turn.SendActivityAsync(string.Join("\n\n", lines), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Refresh button (organisers and the committee's team): the same digest with current numbers and charts, replacing the card in place.</summary>
    public async Task<JObject> RefreshAsync(CardRequest<DigestRef> request)
    {
        var (digestId, cancellationToken) = (request.Data.DigestId, request.Cancellation);
        var refreshed = await digests.RefreshAsync(digestId, cancellationToken).ConfigureAwait(false);
        return refreshed is not { } found
            ? CardElements.Card([CardElements.Text(CommitteeTexts(await committees.GetAsync(cancellationToken).ConfigureAwait(false))["Digest_Gone"])])
            : DigestCards.Build(CommitteeTexts(found.Digest.Committee), found.Digest, found.Record.Id, mention: found.Record.Audience == DigestAudience.Channel, offerReach: directory.Enabled)[0];
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

        await channels.RecordTeamAsync(teamId, data.Team.Name, turn.Activity.ServiceUrl, data.Tenant?.Id ?? turn.Activity.Conversation?.TenantId, known, cancellationToken, createIfUnknown, data.Team.AadGroupId).ConfigureAwait(false);
    }

    /// <summary>What a failed post is called in the organiser's message and the record: the HTTP status Teams answered, or the kind of failure.</summary>
    internal static string Reason(Exception exception) => exception is ErrorResponseException { Response: { } response }
        ? $"HTTP {(int)response.StatusCode}"
        : exception.GetType().Name;

    private static Attachment AsAttachment(JObject card) => new() { ContentType = CardElements.ContentType, Content = card };

    /// <summary>
    /// No channel to post in: the digest goes to the organiser alone, who is asked to bind one. Asked
    /// in a channel or group chat, it goes to their 1:1 chat (through the outbox), never into that chat.
    /// </summary>
    private async Task SendToOrganiserAsync(CommandRequest request, MeetingChannelProblem problem)
    {
        var (turn, t, cancellationToken) = (request.Turn, request.Texts, request.Cancellation);
        var digest = await digests.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var record = await digests.RecordAsync(digest, DigestAudience.Organisers, slotId: null, cancellationToken).ConfigureAwait(false);
        var cards = DigestCards.Build(CommitteeTexts(digest.Committee), digest, record.Id, mention: false, offerReach: directory.Enabled);
        var why = t[PrivateReason(problem)];
        if (turn.Activity.Conversation?.ConversationType == "personal")
        {
            try
            {
                foreach (var card in cards)
                {
                    await turn.SendActivityAsync(MessageFactory.Attachment(AsAttachment(card)), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await digests.MarkFailedAsync(record, Reason(ex), cancellationToken).ConfigureAwait(false);
                throw;
            }

            await digests.MarkPostedAsync(record, digest, cancellationToken).ConfigureAwait(false);
            await turn.SendActivityAsync(why, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var results = new List<ProactiveResult>();
        if (request.User.Identity is { } organiser)
        {
            for (var i = 0; i < cards.Count; i++)
            {
                var message = new ProactiveMessage($"digest/{record.Id}/{i}", organiser.AadObjectId, i == 0 ? why : null, CardLanguage.Stamp(cards[i], CommitteeTexts(digest.Committee).Culture));
                results.Add(await messenger.SendAsync(message, cancellationToken).ConfigureAwait(false));
            }
        }

        if (results.Count == 0 || results.Any(r => r is ProactiveResult.NoConversation or ProactiveResult.NotQueued))
        {
            await digests.MarkFailedAsync(record, results.FirstOrDefault(r => r != ProactiveResult.Queued).ToString(), cancellationToken).ConfigureAwait(false);
            await turn.SendActivityAsync(t["Digest_NoPrivateChat"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await digests.MarkPostedAsync(record, digest, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(t["Digest_SentPrivately"], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    internal static string PrivateReason(MeetingChannelProblem problem) => problem switch
    {
        MeetingChannelProblem.NoTeam => "Digest_PrivateNoTeam",
        MeetingChannelProblem.BotRemovedFromTeam => "Digest_PrivateBotRemoved",
        _ => "Digest_PrivateNotBound",
    };

    /// <summary>The continuation posts, as replies under the first; a failure is carried out of the adapter's turn (whose error handler would swallow it).</summary>
    private async Task<string?> PostContinuationAsync(ITurnContext turn, ConversationReference thread, IEnumerable<JObject> cards, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        await turn.Adapter.ContinueConversationAsync(BotAppId, thread, async (threadTurn, ct) =>
        {
            try
            {
                foreach (var card in cards)
                {
                    await threadTurn.SendActivityAsync(MessageFactory.Attachment(AsAttachment(card)), ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return null;
        }

        LogContinuationFailed(failure);
        return Reason(failure);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {DigestId} could not be posted; it is marked failed and the organiser told")]
    private partial void LogPostFailed(Exception exception, string digestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A digest's continuation post failed; its first post is out")]
    private partial void LogContinuationFailed(Exception exception);
}
