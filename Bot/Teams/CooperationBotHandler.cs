using CooperationBot.Conversations;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Reach;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace CooperationBot.Teams;

/// <summary>
/// The thin Teams entry point: identifies the user, keeps the conversation and team records current, and
/// hands every command and card action to the front door, which checks roles and places and calls the feature.
/// </summary>
internal sealed partial class CooperationBotHandler(
    TurnUserResolver users,
    ConversationReferences conversations,
    UserLanguages languages,
    FrontDoor.FrontDoor frontDoor,
    ReportActions reportActions,
    HelpActions help,
    DigestActions digestActions,
    ChannelDirectory channels,
    BotEndpoints endpoints,
    ILogger<CooperationBotHandler> logger) : TeamsActivityHandler
{
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        turnContext.OnSendActivities(PlainMessages.KeepLiteralAsync);

        // Chats the bot opens through Graph are reached at the service URL Teams' own activities carry.
        await endpoints.LearnAsync(turnContext.Activity, cancellationToken).ConfigureAwait(false);
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (TeamsConversations.PersonalOf(turnContext.Activity, user.Identity?.Upn) is { } seen)
        {
            await conversations.RememberAsync(seen, cancellationToken).ConfigureAwait(false);
        }

        await digestActions.RememberTeamAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await frontDoor.HandleMessageAsync(turnContext, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Card actions (Action.Execute) go to the front door; a 400 carries a polite message the Teams client shows.</summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name != FrontDoor.FrontDoor.CardActionInvoke)
        {
            return await base.OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }

        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var reply = await frontDoor.ExecuteCardAsync(turnContext, user, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CardReply.Card card => CreateInvokeResponse(new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = CardElements.ContentType,
                Value = CardLanguage.Stamp(card.Content, user.Texts.Culture),
            }),
            CardReply.BadRequest bad => new InvokeResponse
            {
                Status = 400,
                Body = new AdaptiveCardInvokeResponse { StatusCode = 400, Type = "application/vnd.microsoft.error", Value = new Error("BadRequest", bad.Message) },
            },
            _ => throw new InvalidOperationException($"Unexpected reply {reply}"),
        };
    }

    // Teams announces a personal install twice, a few milliseconds apart and handled in any order:
    // conversationUpdate (often without a locale) and installationUpdate (with the client's locale). Only
    // the installationUpdate welcomes, so the welcome's language never depends on which event wins the
    // race; the conversationUpdate only records the chat.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Conversation?.ConversationType == "personal")
        {
            if (turnContext.Activity.MembersAdded is { Count: > 0 })
            {
                await RememberChatAsync(turnContext, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await base.OnConversationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Conversation?.ConversationType == "personal" ? WelcomeOnceAsync(turnContext, cancellationToken) : Task.CompletedTask;

    /// <summary>The bot joined a team: remember the team and its channels (digests go to its General channel until bound).</summary>
    protected override async Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> teamsMembersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (teamInfo?.Id is not { } teamId || teamsMembersAdded.All(m => m.Id != turnContext.Activity.Recipient?.Id))
        {
            return;
        }

        IReadOnlyList<KnownChannel> known = [];
        try
        {
            var list = await TeamsInfo.GetTeamChannelsAsync(turnContext, teamId, cancellationToken).ConfigureAwait(false);
            known = list.Select(c => new KnownChannel(c.Id, c.Name, false)).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Channels are learnt from later messages; the team itself is what matters now.
            LogChannelListFailed(ex, teamId);
        }

        await channels.RecordTeamAsync(teamId, teamInfo.Name, turnContext.Activity.ServiceUrl, turnContext.Activity.Conversation?.TenantId, known, cancellationToken, aadGroupId: teamInfo.AadGroupId).ConfigureAwait(false);
    }

    protected override async Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> teamsMembersRemoved, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (teamInfo?.Id is { } teamId && teamsMembersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            await channels.RecordBotRemovedAsync(teamId, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task OnTeamsChannelDeletedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        teamInfo?.Id is { } teamId && channelInfo?.Id is { } channelId
            ? channels.RecordChannelDeletedAsync(teamId, channelId, cancellationToken)
            : Task.CompletedTask;

    protected override Task OnTeamsChannelCreatedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        RecordChannelAsync(channelInfo, teamInfo, turnContext, cancellationToken);

    protected override Task OnTeamsChannelRenamedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        RecordChannelAsync(channelInfo, teamInfo, turnContext, cancellationToken);

    protected override Task OnTeamsTeamDeletedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        teamInfo?.Id is { } teamId ? channels.RecordBotRemovedAsync(teamId, cancellationToken) : Task.CompletedTask;

    private Task RecordChannelAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) =>
        teamInfo?.Id is { } teamId && channelInfo?.Id is { } channelId
            ? channels.RecordTeamAsync(teamId, teamInfo.Name, turnContext.Activity.ServiceUrl, turnContext.Activity.Conversation?.TenantId, [new KnownChannel(channelId, channelInfo.Name, false)], cancellationToken, createIfUnknown: false)
            : Task.CompletedTask;

    /// <summary>Stores the 1:1 chat of a committee member (nobody else's) and returns who they are.</summary>
    private async Task<TurnUser> RememberChatAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (TeamsConversations.PersonalOf(turnContext.Activity, user.Identity?.Upn) is { } seen)
        {
            await conversations.RememberAsync(seen, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }

    /// <summary>
    /// Welcomes a member once, in the language decided now and stored for them (the install event's locale,
    /// else the committee's); someone the committee does not know is welcomed and nothing is stored.
    /// </summary>
    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var user = await RememberChatAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var member = user.Roles.IsContact || user.Roles.IsOrganiser;
        if (member && !await languages.DecideOnceAsync(user.Identity!.AadObjectId, user.Texts.Culture, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var t = user.Texts;
        var committee = user.Committee;
        var name = user.Identity?.DisplayName;
        var welcome = string.IsNullOrWhiteSpace(name)
            ? t.Format("Welcome_NoName", committee.Meeting.Title.For(t.Culture))
            : t.Format("Welcome", name, committee.Meeting.Title.For(t.Culture));
        var request = new CommandRequest(turnContext, user, null, cancellationToken);
        if (user.Roles.IsContact)
        {
            await turnContext.SendActivityAsync(welcome, cancellationToken: cancellationToken).ConfigureAwait(false);
            await reportActions.ShowAsync(request).ConfigureAwait(false);
        }
        else
        {
            await help.SendAsync(request, welcome).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the channels of team {TeamId}")]
    private partial void LogChannelListFailed(Exception exception, string teamId);
}
