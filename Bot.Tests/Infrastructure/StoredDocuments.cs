using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Storage;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>Every document in an embedded store folder with its content, to compare before and after a request.</summary>
public static class StoredDocuments
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Dictionary<string, string> In(string folder, Func<string, bool>? leaveOut = null)
    {
        using var store = new LocalFolderStore(folder);
        var keys = store.ListKeysAsync(string.Empty, CancellationToken.None).GetAwaiter().GetResult();
        return keys.Where(k => leaveOut?.Invoke(k) != true).ToDictionary(
            k => k,
            k => store.ReadAsync<JsonNode>(k, CancellationToken.None).GetAwaiter().GetResult()!.Value.ToJsonString(Readable));
    }
}
