using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Proactive;

/// <summary>
/// A message the bot starts on its own (escalation, reminder, digest) to one user's 1:1 chat.
/// <see cref="IdempotencyKey"/> identifies it across retries and restarts.
/// </summary>
public sealed record ProactiveMessage(string IdempotencyKey, string RecipientAadObjectId, string? Text, JObject? Card = null);

public enum ProactiveResult
{
    Sent,

    /// <summary>The user never opened a chat with the bot, so there is no conversation to post to.</summary>
    NoConversation,

    /// <summary>Teams refused for good (403: the user blocked the bot; 404: the conversation is gone).</summary>
    Undeliverable,
}

public interface IProactiveMessenger
{
    Task<ProactiveResult> SendAsync(ProactiveMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends at once through the stored conversation reference.</summary>
internal sealed class DirectProactiveMessenger(CloudAdapter adapter, ConversationReferences conversations, IConfiguration configuration) : IProactiveMessenger
{
    public async Task<ProactiveResult> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
    {
        var stored = await conversations.FindAsync(message.RecipientAadObjectId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return ProactiveResult.NoConversation;
        }

        var activity = message.Card is null
            ? MessageFactory.Text(message.Text)
            : MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = message.Card }, message.Text);
        try
        {
            await adapter.ContinueConversationAsync(
                configuration["MicrosoftAppId"] ?? string.Empty,
                stored.ToReference(),
                (turn, ct) => turn.SendActivityAsync(activity, ct),
                cancellationToken).ConfigureAwait(false);
            return ProactiveResult.Sent;
        }
        catch (ErrorResponseException ex) when (ex.Response?.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            return ProactiveResult.Undeliverable;
        }
    }
}
