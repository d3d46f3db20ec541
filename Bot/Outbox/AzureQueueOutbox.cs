using Azure.Storage.Queues;

namespace CooperationBot.Outbox;

/// <summary>The outbox on Azure Queue Storage: visibility timeouts are the delivery lease, updates postpone.</summary>
public sealed class AzureQueueOutbox(QueueClient queue) : IOutboxQueue
{
    private volatile bool queueReady;

    public async Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(OutboxJson.Serialize(envelope), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken).ConfigureAwait(false);
        var messages = await queue.ReceiveMessagesAsync(Math.Clamp(max, 1, 32), visibility, cancellationToken).ConfigureAwait(false);
        return messages.Value.Select(m => new OutboxDelivery(OutboxJson.Deserialize(m.Body), m.MessageId, m.PopReceipt, m.DequeueCount)).ToList();
    }

    public Task DeleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken) =>
        queue.DeleteMessageAsync(delivery.MessageId, delivery.Receipt, cancellationToken);

    public Task PostponeAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken) =>
        queue.UpdateMessageAsync(delivery.MessageId, delivery.Receipt, visibilityTimeout: delay, cancellationToken: cancellationToken);

    private async Task EnsureQueueAsync(CancellationToken cancellationToken)
    {
        if (!queueReady)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            queueReady = true;
        }
    }
}
