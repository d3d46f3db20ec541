using CooperationBot.Conversations;
using CooperationBot.Outbox;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace CooperationBot.Teams.Proactive;

/// <summary>Delivers one outbox envelope through the Bot Connector and says what Teams answered.</summary>
internal sealed class TeamsOutboxDeliverer(CloudAdapter adapter, ConversationReferences conversations, IConfiguration configuration) : IOutboxDeliverer
{
    /// <summary>
    /// Bot Builder makes a new connector client, with an empty serializer cache, for every proactive
    /// turn, so each send reflected over the whole Activity type again (most of a send's CPU).
    /// </summary>
    private static readonly DefaultContractResolver SharedContracts = new();

    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task<DeliveryResult> DeliverAsync(OutboxEnvelope envelope, Func<Task> readyToSend, CancellationToken cancellationToken)
    {
        var activity = PlainMessages.Mark(envelope.CardJson is null
            ? MessageFactory.Text(envelope.Text)
            : MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = JObject.Parse(envelope.CardJson) }, envelope.Text));
        try
        {
            if (envelope.Kind == OutboxTargetKind.User)
            {
                var stored = await conversations.FindAsync(envelope.TargetId, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return new DeliveryResult.Undeliverable("NoConversation");
                }

                // The send fails inside the adapter's turn, whose error handler would swallow it: carry it out.
                ErrorResponseException? failure = null;
                await adapter.ContinueConversationAsync(BotAppId, stored.ToReference(), async (turn, ct) =>
                {
                    if (turn.TurnState.Get<IConnectorClient>() is ConnectorClient client)
                    {
                        ShareContracts(client.SerializationSettings);
                        ShareContracts(client.DeserializationSettings);
                    }

                    try
                    {
                        await readyToSend().ConfigureAwait(false);
                        await turn.SendActivityAsync(activity, ct).ConfigureAwait(false);
                    }
                    catch (ErrorResponseException ex)
                    {
                        failure = ex;
                    }
                }, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    throw failure;
                }
            }
            else
            {
                var parameters = new ConversationParameters
                {
                    IsGroup = true,
                    ChannelData = new TeamsChannelData { Channel = new ChannelInfo(envelope.TargetId) },
                    Activity = (Activity)activity,
                    TenantId = envelope.TenantId,
                };
                await readyToSend().ConfigureAwait(false);
                await adapter.CreateConversationAsync(BotAppId, Channels.Msteams, envelope.ServiceUrl, null, parameters, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
            }

            return new DeliveryResult.Delivered();
        }
        catch (ErrorResponseException ex) when (ex.Response is not null)
        {
            var status = (int)ex.Response.StatusCode;
            return status switch
            {
                429 or 412 or 500 or 502 or 503 or 504 => new DeliveryResult.Retry(status, RetryAfter(ex.Response)),
                _ => new DeliveryResult.Undeliverable($"HTTP {status}"),
            };
        }
    }

    private static void ShareContracts(JsonSerializerSettings settings)
    {
        if (settings.ContractResolver?.GetType() == typeof(DefaultContractResolver))
        {
            settings.ContractResolver = SharedContracts;
        }
    }

    private static TimeSpan? RetryAfter(Microsoft.Rest.HttpResponseMessageWrapper response) =>
        response.Headers.TryGetValue("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
