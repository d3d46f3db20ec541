using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>
/// Small builders for Adaptive Card elements shared by every card. Text is placed in TextRuns of a
/// RichTextBlock, which Teams renders literally: no markdown, links or mentions from what people typed.
/// </summary>
internal static class CardElements
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static JObject Card(IEnumerable<JToken?> body, IEnumerable<JToken>? actions = null)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JArray(body.Where(e => e is not null)),
        };
        var actionList = actions?.ToList();
        if (actionList is { Count: > 0 })
        {
            card["actions"] = new JArray(actionList);
        }

        return card;
    }

    /// <summary>
    /// A line of text, shown literally: our resource texts carry names, titles and directive text people
    /// typed, and a TextRun is never read as markdown, a link or a mention.
    /// </summary>
    public static JObject Text(string text, string? size = null, string? weight = null, string? color = null, bool subtle = false, string? id = null)
    {
        var run = new JObject { ["type"] = "TextRun", ["text"] = text };
        if (size is not null)
        {
            run["size"] = size;
        }

        if (weight is not null)
        {
            run["weight"] = weight;
        }

        if (color is not null)
        {
            run["color"] = color;
        }

        if (subtle)
        {
            run["isSubtle"] = true;
        }

        var block = new JObject { ["type"] = "RichTextBlock", ["inlines"] = new JArray(run) };
        if (id is not null)
        {
            block["id"] = id;
        }

        return block;
    }

    /// <summary>Text typed by a user, shown verbatim.</summary>
    public static JObject Literal(string text, bool bold = false, string? color = null) => Text(text, weight: bold ? "bolder" : null, color: color);

    /// <summary>
    /// A line with @mentions: Teams resolves &lt;at&gt;…&lt;/at&gt; only in a TextBlock, which also reads markdown,
    /// so every name in it must have gone through <see cref="PeopleText.Name"/>.
    /// </summary>
    public static JObject MentionLine(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };

    public static IEnumerable<JObject> Bullets(IEnumerable<string> items) => items.Select(i => Literal("• " + i));

    /// <summary>A field's error, right after the field (our own resource text only).</summary>
    public static JObject Error(string id, string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["wrap"] = true,
        ["color"] = "attention",
        ["weight"] = "bolder",
        ["id"] = id,
    };

    public static JObject Execute(string title, string verb, JObject data, string? style = null)
    {
        var action = new JObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb, ["data"] = data };
        if (style is not null)
        {
            action["style"] = style;
        }

        return action;
    }

    /// <summary>A card holding only a message, for answers that replace a card (e.g. a refused action).</summary>
    public static JObject Notice(string message) => Card([Text(message, weight: "bolder", color: "attention")]);

    public static JObject Container(IEnumerable<JToken?> items, string? style = null)
    {
        var container = new JObject { ["type"] = "Container", ["items"] = new JArray(items.Where(i => i is not null)) };
        if (style is not null)
        {
            container["style"] = style;
        }

        return container;
    }
}
