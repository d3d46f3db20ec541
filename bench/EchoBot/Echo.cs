using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace EchoBot;

/// <summary>Echoes a message's text, and answers a card action with a card showing its verb and data.</summary>
internal sealed class Echo : TeamsActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text), cancellationToken);

    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JArray(new JObject { ["type"] = "TextBlock", ["text"] = invokeValue.Action?.Verb ?? string.Empty, ["wrap"] = true }),
            ["actions"] = new JArray(new JObject { ["type"] = "Action.Execute", ["verb"] = invokeValue.Action?.Verb, ["data"] = invokeValue.Action?.Data is null ? null : JToken.FromObject(invokeValue.Action.Data) }),
        };
        return Task.FromResult(new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.card.adaptive", Value = card });
    }
}
