using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Teams.Committees;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Directives;
using CooperationBot.Teams.Exports;
using CooperationBot.Teams.Imports;
using CooperationBot.Teams.Reports;
using CooperationBot.Teams.Scheduling;
using CooperationBot.Teams.TeamChannels;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>
/// The thin Teams entry point: identifies the user, then routes a whole-word command or a card verb
/// to its feature. Rules live in the feature services, not here.
/// </summary>
internal sealed partial class CooperationBotHandler(
    TurnUserResolver users,
    ConversationReferences conversations,
    ReportActions reportActions,
    DirectiveActions directiveActions,
    DigestActions digestActions,
    ReminderActions reminderActions,
    ChannelDirectory channels,
    ReportService reports,
    CommitteeActions committeeActions,
    ExportActions exportActions,
    ImportActions importActions,
    ILogger<CooperationBotHandler> logger) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await conversations.RememberAsync(turnContext, user.Identity?.Upn, cancellationToken).ConfigureAwait(false);
        await digestActions.RememberTeamAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (ImportActions.HasFile(turnContext.Activity))
        {
            await importActions.ReceiveAsync(turnContext, user, cancellationToken).ConfigureAwait(false);
            return;
        }

        var text = turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text;
        var command = CommandCatalog.Match(text);
        var task = command?.Command switch
        {
            BotCommand.Report => reportActions.ShowAsync(turnContext, user, cancellationToken),
            BotCommand.Directives => directiveActions.ShowAsync(turnContext, user, cancellationToken),
            BotCommand.History when CommitteeActions.IsCommitteeSubject(command.Argument) => committeeActions.ShowHistoryAsync(turnContext, user, cancellationToken),
            BotCommand.History => directiveActions.ShowHistoryAsync(turnContext, user, command.Argument, cancellationToken),
            BotCommand.Digest => digestActions.PostOnRequestAsync(turnContext, user, cancellationToken),
            BotCommand.Remind => reminderActions.RemindOnRequestAsync(turnContext, user, cancellationToken),
            BotCommand.BindChannel => digestActions.BindChannelAsync(turnContext, user, cancellationToken),
            BotCommand.CloseCycle => SetCycleAsync(turnContext, user, close: true, cancellationToken),
            BotCommand.OpenCycle => SetCycleAsync(turnContext, user, close: false, cancellationToken),
            BotCommand.Committee => committeeActions.ShowAsync(turnContext, user, cancellationToken),
            BotCommand.NewCycle => committeeActions.ShowNewCycleAsync(turnContext, user, cancellationToken),
            BotCommand.PastReports => committeeActions.ShowPastReportsAsync(turnContext, user, command.Argument, cancellationToken),
            BotCommand.Export => exportActions.ShowOfferAsync(turnContext, user, cancellationToken),
            BotCommand.Help => SendHelpAsync(turnContext, user, null, cancellationToken),
            _ => SendHelpAsync(turnContext, user, string.IsNullOrWhiteSpace(text) ? null : user.Texts["Unknown_Command"], cancellationToken),
        };
        await task.ConfigureAwait(false);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var verb = invokeValue.Action?.Verb ?? string.Empty;
        var data = invokeValue.Action?.Data as JObject ?? (invokeValue.Action?.Data is null ? null : JObject.FromObject(invokeValue.Action.Data));

        // The activity id makes a redelivered invoke idempotent.
        var operationId = turnContext.Activity.Id ?? Guid.NewGuid().ToString("N");
        JObject? card = null;
        if (ReportVerbs.All.Contains(verb))
        {
            card = await reportActions.ExecuteAsync(verb, ReportActionData.From(data), user, operationId, cancellationToken).ConfigureAwait(false);
        }
        else if (DirectiveVerbs.All.Contains(verb))
        {
            card = await directiveActions.ExecuteAsync(turnContext, verb, data, user, operationId, cancellationToken).ConfigureAwait(false);
        }
        else if (CommitteeVerbs.All.Contains(verb))
        {
            card = await committeeActions.ExecuteAsync(turnContext, verb, data, user, cancellationToken).ConfigureAwait(false);
        }
        else if (ExportVerbs.All.Contains(verb))
        {
            card = await exportActions.ExecuteAsync(turnContext, verb, data, user, cancellationToken).ConfigureAwait(false);
        }
        else if (ImportVerbs.All.Contains(verb))
        {
            card = await importActions.ExecuteAsync(verb, data, user, cancellationToken).ConfigureAwait(false);
        }
        else if (verb == DigestVerbs.Refresh)
        {
            card = await digestActions.RefreshAsync(data, cancellationToken).ConfigureAwait(false);
        }

        if (card is null)
        {
            LogUnknownVerb(verb);
            return new AdaptiveCardInvokeResponse { StatusCode = 400, Type = "application/vnd.microsoft.error", Value = new Error("BadRequest", $"Unknown verb '{verb}'.") };
        }

        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = CardElements.ContentType, Value = CardLanguage.Stamp(card, user.Texts.Culture) };
    }

    // Teams announces a personal install twice (conversationUpdate and installationUpdate); the
    // stored conversation reference tells the first from the second, so the user is welcomed once.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Conversation?.ConversationType == "personal")
        {
            if (turnContext.Activity.MembersAdded is { Count: > 0 })
            {
                await WelcomeOnceAsync(turnContext, cancellationToken).ConfigureAwait(false);
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

        await channels.RecordTeamAsync(teamId, teamInfo.Name, turnContext.Activity.ServiceUrl, turnContext.Activity.Conversation?.TenantId, known, cancellationToken).ConfigureAwait(false);
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
            ? channels.RecordTeamAsync(teamId, teamInfo.Name, turnContext.Activity.ServiceUrl, turnContext.Activity.Conversation?.TenantId, [new KnownChannel(channelId, channelInfo.Name, false)], cancellationToken)
            : Task.CompletedTask;

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (!await conversations.RememberAsync(turnContext, user.Identity?.Upn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var t = user.Texts;
        var committee = user.Committee;
        var name = user.Identity?.DisplayName;
        var welcome = string.IsNullOrWhiteSpace(name)
            ? t.Format("Welcome_NoName", committee.Meeting.Title.For(t.Culture))
            : t.Format("Welcome", name, committee.Meeting.Title.For(t.Culture));
        if (user.Roles.IsContact)
        {
            await turnContext.SendActivityAsync(welcome, cancellationToken: cancellationToken).ConfigureAwait(false);
            await reportActions.ShowAsync(turnContext, user, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SendHelpAsync(turnContext, user, welcome, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SetCycleAsync(ITurnContext turnContext, TurnUser user, bool close, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var committee = user.Committee;
        var outcome = user.Identity is null
            ? new ReportOutcome.Refused(Refusal.NotOrganiser)
            : await reports.SetCycleClosedAsync(user.Identity, close, cancellationToken).ConfigureAwait(false);
        var cycleName = t.Format("Cycle_Name", committee.ReportingYear, committee.PlanYear);
        var reply = outcome is ReportOutcome.Refused
            ? t.OrganisersOnly(committee)
            : t.Format(close ? "Cycle_Closed" : "Cycle_Opened", cycleName);
        await turnContext.SendActivityAsync(reply, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private Task SendHelpAsync(ITurnContext turnContext, TurnUser user, string? preface, CancellationToken cancellationToken)
    {
        var help = HelpMessage.Build(user.Texts, user.Committee, user.Roles);
        var reply = MessageFactory.Text(preface is null ? help : preface + "\n\n" + help);
        reply.TextFormat = TextFormatTypes.Markdown;
        return turnContext.SendActivityAsync(reply, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card action with unknown verb '{Verb}'")]
    private partial void LogUnknownVerb(string verb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the channels of team {TeamId}")]
    private partial void LogChannelListFailed(Exception exception, string teamId);
}
