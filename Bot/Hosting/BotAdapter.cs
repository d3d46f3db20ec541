using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Hosting;

/// <summary>CloudAdapter with a polite answer when a turn fails, in the user's language.</summary>
internal sealed partial class BotAdapter : CloudAdapter
{
    /// <summary>Teams shows a message response next to the card, which keeps what the user typed in it.</summary>
    private const string MessageResponseType = "application/vnd.microsoft.activity.message";

    public BotAdapter(BotFrameworkAuthentication auth, ILogger<BotAdapter> logger, ICommitteeSource committees, CultureInfo? fixedLanguage)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);

            // The error path never throws: when even the apology fails (connector down, storage down,
            // an id the connector cannot route), the request still ends normally and the cause is logged.
            try
            {
                await ApologiseAsync(turnContext, committees, fixedLanguage).ConfigureAwait(false);
            }
            catch (Exception apologyFailure)
            {
                LogApologyFailed(logger, apologyFailure.GetType().Name, apologyFailure.Message);
            }
        };
    }

    /// <summary>Runs a turn for an activity that <see cref="MessageEndpoint"/> has read, checked and authenticated.</summary>
    public Task<InvokeResponse> ProcessAuthenticatedAsync(AuthenticateRequestResult authentication, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authentication, activity, callback, cancellationToken);

    /// <summary>Apologise only to a person who just wrote or clicked; never in other invokes or proactive turns.</summary>
    private static async Task ApologiseAsync(ITurnContext turnContext, ICommitteeSource committees, CultureInfo? fixedLanguage)
    {
        var activity = turnContext.Activity;
        var isCardAction = activity.Type == ActivityTypes.Invoke && activity.Name == "adaptiveCard/action";
        if (activity.Type != ActivityTypes.Message && !isCardAction)
        {
            return;
        }

        var committee = await committees.GetAsync(CancellationToken.None).ConfigureAwait(false);
        var texts = Texts.For(activity.Locale, committee.DefaultLanguage, fixedLanguage, CardLanguage(activity));
        if (!isCardAction)
        {
            await turnContext.SendActivityAsync(texts["Error_Turn"]).ConfigureAwait(false);
            return;
        }

        if (turnContext.TurnState.Get<Activity>(InvokeResponseKey) is null)
        {
            var body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = MessageResponseType, Value = texts["Error_Turn"] };
            await turnContext.SendActivityAsync(new Activity(ActivityTypesEx.InvokeResponse) { Value = new InvokeResponse { Status = 200, Body = body } }).ConfigureAwait(false);
        }
    }

    private static CultureInfo? CardLanguage(Activity activity) =>
        activity.Value is JObject { } value && value["action"] is JObject action && action["data"] is JObject data && data["lang"] is JValue { Value: string lang }
            ? SpokenLanguage.OfCard(lang)
            : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for a {ActivityType} activity in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not apologise for the failed turn ({ExceptionType}: {Reason})")]
    private static partial void LogApologyFailed(ILogger logger, string exceptionType, string reason);
}
