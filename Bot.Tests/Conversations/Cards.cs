using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Conversations;

/// <summary>Reading Adaptive Cards the way a user sees them: texts, input values, button titles.</summary>
public static class Cards
{
    public static JObject Single(IReadOnlyList<IActivity> replies)
    {
        var attachment = Assert.Single(replies.OfType<IMessageActivity>().SelectMany(m => m.Attachments ?? []));
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JObject.FromObject(attachment.Content);
    }

    /// <summary>Every piece of visible text in the card, in order (TextBlocks and TextRuns).</summary>
    public static string Text(JObject card) => string.Join("\n", card.Descendants().OfType<JObject>()
        .Where(o => (string?)o["type"] is "TextBlock" or "TextRun")
        .Select(o => (string?)o["text"]));

    public static string? InputValue(JObject card, string id) => (string?)Input(card, id)?["value"];

    public static JObject? Input(JObject card, string id) =>
        card.Descendants().OfType<JObject>().FirstOrDefault(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && (string?)o["id"] == id);

    /// <summary>The element that directly follows an input: where its error message belongs.</summary>
    public static JObject? After(JObject card, string inputId)
    {
        var input = Input(card, inputId);
        return input?.Next as JObject;
    }

    /// <summary>The card's buttons (not its refresh action, which the client runs without showing it).</summary>
    public static IReadOnlyList<JObject> Actions(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true)
            .Where(o => o.Parent?.Parent?.Parent is not JProperty { Name: "refresh" }).ToList();

    public static JObject Action(JObject card, string verb) => Assert.Single(Actions(card), a => (string?)a["verb"] == verb);

    /// <summary>What the client sends when a button is clicked: the action's data merged with the inputs.</summary>
    public static JObject Submit(JObject card, string verb, Dictionary<string, string>? typed = null)
    {
        var data = (JObject)Action(card, verb)["data"]!.DeepClone();
        foreach (var input in card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            var id = (string)input["id"]!;
            data[id] = typed is not null && typed.TryGetValue(id, out var value) ? value : (string?)input["value"] ?? string.Empty;
        }

        return data;
    }

    public static string Texts(IReadOnlyList<IActivity> replies) =>
        string.Join("\n", replies.OfType<IMessageActivity>().Select(m => m.Text));
}
