using System.Text.Encodings.Web;
using System.Text.Json;

namespace CooperationBot.Outbox;

/// <summary>Envelopes travel as compact UTF-8 JSON (Chinese unescaped) to stay well under a queue message's 64 KB.</summary>
internal static class OutboxJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static BinaryData Serialize(OutboxEnvelope envelope) => BinaryData.FromObjectAsJson(envelope, Options);

    public static OutboxEnvelope Deserialize(BinaryData data)
    {
        var envelope = data.ToObjectFromJson<OutboxEnvelope>(Options);
        return envelope is { Key.Length: > 0, TargetId.Length: > 0 } ? envelope : throw new JsonException("Not an outbox envelope: no key or target.");
    }
}
