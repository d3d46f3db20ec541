using System.Text.Json;

namespace CooperationBot.Hosting;

/// <summary>
/// The shape every activity must have before the bot sees it: who sent it, in which conversation,
/// where to answer, ids of a sane length, and card actions whose value and data are objects. What
/// the fields inside card data mean is for the handler; this only refuses what no Teams client sends.
/// </summary>
internal static class ActivityEnvelope
{
    /// <summary>Teams ids (conversations with a ";messageid=" suffix, "29:…" user ids) stay far below this.</summary>
    public const int MaxIdLength = 512;

    /// <summary>Entra object ids and tenant ids are GUIDs (36 characters).</summary>
    public const int MaxDirectoryIdLength = 64;

    private const int MaxShortText = 256;

    private static readonly HashSet<string> ActivityTypes = new(StringComparer.Ordinal)
    {
        "message", "conversationUpdate", "installationUpdate", "invoke", "event", "typing", "endOfConversation",
        "messageReaction", "messageUpdate", "messageDelete", "contactRelationUpdate", "deleteUserData",
        "suggestion", "trace", "handoff", "command", "commandResult",
    };

    /// <summary>Why this JSON is not an activity the bot can take (a field path, never its content), or null when it is.</summary>
    public static string? Problem(JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object)
        {
            return "the body is not a JSON object";
        }

        var type = activity.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return Text(activity, "type", required: true, MaxShortText)
            ?? (ActivityTypes.Contains(type!) ? null : "type is not a Bot Framework activity type")
            ?? Text(activity, "id", required: false, MaxIdLength)
            ?? Text(activity, "replyToId", required: false, MaxIdLength)
            ?? Text(activity, "channelId", required: true, MaxShortText)
            ?? ServiceUrl(activity)
            ?? Account(activity, "from")
            ?? Account(activity, "recipient")
            ?? Conversation(activity)
            ?? Text(activity, "locale", required: false, MaxShortText)
            ?? Text(activity, "text", required: false, int.MaxValue)
            ?? Text(activity, "name", required: type == "invoke", MaxShortText)
            ?? Kind(activity, "channelData", JsonValueKind.Object)
            ?? Items(activity, "entities")
            ?? Items(activity, "attachments")
            ?? Members(activity, "membersAdded")
            ?? Members(activity, "membersRemoved")
            ?? Value(activity, type!);
    }

    private static string? ServiceUrl(JsonElement activity) =>
        Text(activity, "serviceUrl", required: true, MaxIdLength)
        ?? (Uri.TryCreate(activity.GetProperty("serviceUrl").GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? null
            : "serviceUrl is not an http(s) address");

    private static string? Account(JsonElement activity, string name) =>
        Kind(activity, name, JsonValueKind.Object, required: true)
        ?? Text(activity.GetProperty(name), "id", required: true, MaxIdLength, name)
        ?? Text(activity.GetProperty(name), "name", required: false, MaxShortText, name)
        ?? Text(activity.GetProperty(name), "aadObjectId", required: false, MaxDirectoryIdLength, name);

    private static string? Conversation(JsonElement activity) =>
        Kind(activity, "conversation", JsonValueKind.Object, required: true)
        ?? Text(activity.GetProperty("conversation"), "id", required: true, MaxIdLength, "conversation")
        ?? Text(activity.GetProperty("conversation"), "tenantId", required: false, MaxDirectoryIdLength, "conversation")
        ?? Text(activity.GetProperty("conversation"), "conversationType", required: false, MaxShortText, "conversation");

    /// <summary>A card click (Action.Execute, or Action.Submit in a message) carries an object; Action.Execute names its verb.</summary>
    private static string? Value(JsonElement activity, string type)
    {
        if (type == "message")
        {
            return Kind(activity, "value", JsonValueKind.Object);
        }

        if (type != "invoke" || activity.GetProperty("name").GetString() != "adaptiveCard/action")
        {
            return null;
        }

        if (Kind(activity, "value", JsonValueKind.Object, required: true) is { } badValue)
        {
            return badValue;
        }

        var value = activity.GetProperty("value");
        if (Kind(value, "action", JsonValueKind.Object, required: true, "value") is { } badAction)
        {
            return badAction;
        }

        var action = value.GetProperty("action");
        return Text(action, "verb", required: true, MaxShortText, "value.action")
            ?? Text(action, "type", required: false, MaxShortText, "value.action")
            ?? (action.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Object ? "value.action.data is not an object" : null);
    }

    private static string? Members(JsonElement activity, string name)
    {
        if (Items(activity, name) is { } problem)
        {
            return problem;
        }

        return activity.TryGetProperty(name, out var members) && members.ValueKind == JsonValueKind.Array
            ? members.EnumerateArray().Select(m => Text(m, "id", required: true, MaxIdLength, name + "[]")).FirstOrDefault(p => p is not null)
            : null;
    }

    /// <summary>An optional array of objects.</summary>
    private static string? Items(JsonElement activity, string name) =>
        Kind(activity, name, JsonValueKind.Array)
        ?? (activity.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array && items.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.Object)
            ? $"{name} holds something other than objects"
            : null);

    /// <summary>A property of the given JSON kind; absent or null is a problem only when required.</summary>
    private static string? Kind(JsonElement parent, string name, JsonValueKind kind, bool required = false, string? path = null)
    {
        var full = path is null ? name : $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? $"{full} is missing" : null;
        }

        return value.ValueKind == kind ? null : $"{full} is not {(kind == JsonValueKind.Object ? "an object" : "an array")}";
    }

    private static string? Text(JsonElement parent, string name, bool required, int maxLength, string? path = null)
    {
        var full = path is null ? name : $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? $"{full} is missing" : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return $"{full} is not a string";
        }

        var text = value.GetString()!;
        return required && text.Length == 0 ? $"{full} is empty"
            : text.Length > maxLength ? $"{full} is longer than {maxLength} characters"
            : null;
    }
}
