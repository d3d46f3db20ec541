using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace CooperationBot.Hosting;

/// <summary>CloudAdapter with a polite answer when a turn fails, in the user's language.</summary>
internal sealed partial class BotAdapter : CloudAdapter
{
    public BotAdapter(BotFrameworkAuthentication auth, ILogger<BotAdapter> logger, ICommitteeSource committees, CultureInfo? fixedLanguage)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            var committee = await committees.GetAsync(CancellationToken.None).ConfigureAwait(false);
            var texts = Texts.For(turnContext.Activity.Locale, committee.DefaultLanguage, fixedLanguage);
            // Apologise only to a person who just wrote; never in invokes or proactive turns.
            if (turnContext.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Message)
            {
                await turnContext.SendActivityAsync(texts["Error_Turn"]).ConfigureAwait(false);
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for a {ActivityType} activity in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId);
}
