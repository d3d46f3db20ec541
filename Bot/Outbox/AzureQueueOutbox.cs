using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CooperationBot.Storage;

namespace CooperationBot.Outbox;

/// <summary>A queue message that could not be read, kept in the store instead of blocking the queue.</summary>
public sealed record PoisonMessage(string MessageId, string Body, DateTimeOffset? InsertedOn, long DequeueCount);

/// <summary>
/// The outbox on Azure Queue Storage: visibility timeouts are the delivery lease, updates postpone.
/// A queue message holds at most 64 KB, so a larger body (a digest card of a big committee) is parked
/// in the store and queued as a pointer. A message that cannot be read is moved to the store for
/// inspection, so it never holds up the messages behind it.
/// </summary>
public sealed partial class AzureQueueOutbox(QueueClient queue, IDocumentStore store, DocumentKeys keys, ILogger<AzureQueueOutbox> logger) : IOutboxQueue
{
    /// <summary>Bodies above this are parked: the rest of the 64 KB goes to XML escaping and the message envelope.</summary>
    internal const int ParkAbove = 45 * 1024;

    private const string ParkedPrefix = "parked:";

    private volatile bool queueReady;

    public async Task SendAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken).ConfigureAwait(false);
        var body = OutboxJson.Serialize(envelope);
        if (IsParked(body))
        {
            var parked = keys.OutboxParked(envelope.Key);
            try
            {
                await store.WriteAsync(parked, envelope, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // Parked already by a concurrent enqueue of the same key.
            }

            body = BinaryData.FromString(ParkedPrefix + parked);
        }

        await queue.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken).ConfigureAwait(false);
        var messages = await queue.ReceiveMessagesAsync(Math.Clamp(max, 1, 32), visibility, cancellationToken).ConfigureAwait(false);
        var received = new List<OutboxDelivery>(messages.Value.Length);
        foreach (var message in messages.Value)
        {
            if (await OpenAsync(message, cancellationToken).ConfigureAwait(false) is { } envelope)
            {
                received.Add(new OutboxDelivery(envelope, message.MessageId, message.PopReceipt, message.DequeueCount));
            }
        }

        return received;
    }

    public async Task DeleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        await IgnoringGoneAsync(queue.DeleteMessageAsync(delivery.MessageId, delivery.Receipt, cancellationToken)).ConfigureAwait(false);
        if (IsParked(OutboxJson.Serialize(delivery.Envelope)))
        {
            // Deleted only once the key is settled for good, so no other copy needs the body any more.
            await store.DeleteAsync(keys.OutboxParked(delivery.Envelope.Key), null, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task PostponeAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken) =>
        IgnoringGoneAsync(queue.UpdateMessageAsync(delivery.MessageId, delivery.Receipt, visibilityTimeout: delay, cancellationToken: cancellationToken));

    private static bool IsParked(BinaryData body) => body.ToMemory().Length > ParkAbove;

    /// <summary>404: the receipt no longer holds the message (it was received again after its hiding time); the new holder settles it.</summary>
    private static async Task IgnoringGoneAsync(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private async Task<OutboxEnvelope?> OpenAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var text = message.Body.ToString();
            if (!text.StartsWith(ParkedPrefix, StringComparison.Ordinal))
            {
                return OutboxJson.Deserialize(message.Body);
            }

            if (await store.ReadAsync<OutboxEnvelope>(text[ParkedPrefix.Length..], cancellationToken).ConfigureAwait(false) is { } parked)
            {
                return parked.Value;
            }

            // The body goes only when its key is settled: this is a leftover copy of a settled message.
            await IgnoringGoneAsync(queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken)).ConfigureAwait(false);
            return null;
        }
        catch (JsonException ex)
        {
            LogPoison(ex, message.MessageId, message.DequeueCount);
            try
            {
                await store.WriteAsync(keys.OutboxPoison(message.MessageId), new PoisonMessage(message.MessageId, message.Body.ToString(), message.InsertedOn, message.DequeueCount), null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // Kept already by an earlier receive that could not delete it.
            }

            await IgnoringGoneAsync(queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken)).ConfigureAwait(false);
            return null;
        }
    }

    private async Task EnsureQueueAsync(CancellationToken cancellationToken)
    {
        if (!queueReady)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            queueReady = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox queue message {MessageId} cannot be read (received {DequeueCount} times); it is moved to the store's outbox-poison folder")]
    private partial void LogPoison(Exception exception, string messageId, long dequeueCount);
}
