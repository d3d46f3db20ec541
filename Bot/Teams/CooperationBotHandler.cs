using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>
/// The thin Teams entry point: identifies the user, then routes a whole-word command or a card verb
/// to its feature. Rules live in the feature services, not here.
/// </summary>
internal sealed class CooperationBotHandler(
    TurnUserResolver users,
    ConversationReferences conversations,
    ReportActions reportActions,
    ReportService reports,
    Committee committee) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        await conversations.RememberAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var text = turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text;
        var command = CommandCatalog.Match(text);
        switch (command?.Command)
        {
            case BotCommand.Report:
                await reportActions.ShowAsync(turnContext, user, cancellationToken).ConfigureAwait(false);
                break;
            case BotCommand.CloseCycle:
            case BotCommand.OpenCycle:
                await SetCycleAsync(turnContext, user, command.Command == BotCommand.CloseCycle, cancellationToken).ConfigureAwait(false);
                break;
            case BotCommand.Help:
                await SendHelpAsync(turnContext, user, null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var unknown = string.IsNullOrWhiteSpace(text) ? null : user.Texts["Unknown_Command"];
                await SendHelpAsync(turnContext, user, unknown, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var verb = invokeValue.Action?.Verb ?? string.Empty;
        var data = invokeValue.Action?.Data as JObject ?? (invokeValue.Action?.Data is null ? null : JObject.FromObject(invokeValue.Action.Data));
        if (!ReportVerbs.All.Contains(verb))
        {
            return new AdaptiveCardInvokeResponse { StatusCode = 400, Type = "application/vnd.microsoft.error", Value = new Error("BadRequest", $"Unknown verb '{verb}'.") };
        }

        // The activity id makes a redelivered invoke idempotent.
        var operationId = turnContext.Activity.Id ?? Guid.NewGuid().ToString("N");
        var card = await reportActions.ExecuteAsync(verb, ReportActionData.From(data), user, operationId, cancellationToken).ConfigureAwait(false);
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = CardElements.ContentType, Value = card };
    }

    // Teams announces a personal install twice (conversationUpdate and installationUpdate); the
    // stored conversation reference tells the first from the second, so the user is welcomed once.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.MembersAdded is { Count: > 0 })
        {
            await WelcomeOnceAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        WelcomeOnceAsync(turnContext, cancellationToken);

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Conversation?.ConversationType != "personal" ||
            !await conversations.RememberAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var user = await users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var t = user.Texts;
        var welcome = t.Format("Welcome", user.Identity?.DisplayName ?? string.Empty, committee.Meeting.Title.For(t.Culture));
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
        var organisers = t.List(committee.Organisers.Select(o => o.Name));
        var outcome = user.Identity is null
            ? new ReportOutcome.Refused(Refusal.NotOrganiser)
            : await reports.SetCycleClosedAsync(user.Identity, close, cancellationToken).ConfigureAwait(false);
        var cycleName = t.Format("Cycle_Name", committee.ReportingYear, committee.PlanYear);
        var reply = outcome is ReportOutcome.Refused
            ? t.Format("Refused_NotOrganiser", organisers)
            : t.Format(close ? "Cycle_Closed" : "Cycle_Opened", cycleName);
        await turnContext.SendActivityAsync(reply, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private Task SendHelpAsync(ITurnContext turnContext, TurnUser user, string? preface, CancellationToken cancellationToken)
    {
        var help = HelpMessage.Build(user.Texts, committee, user.Roles);
        var reply = MessageFactory.Text(preface is null ? help : preface + "\n\n" + help);
        reply.TextFormat = TextFormatTypes.Markdown;
        return turnContext.SendActivityAsync(reply, cancellationToken);
    }
}
