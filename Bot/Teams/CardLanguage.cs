using System.Globalization;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams;

/// <summary>
/// Writes the card's language into its Action.Execute data. Teams clients report one locale for all
/// users of a client (the Agents Playground always says en-US); the card a person clicked says which
/// language they were reading. Language is a preference, never identity or a permission.
/// </summary>
internal static class CardLanguage
{
    public static JObject Stamp(JObject card, CultureInfo culture)
    {
        foreach (var action in card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Execute").ToList())
        {
            if (action["data"] is JObject data)
            {
                data["lang"] = culture.Name;
            }
        }

        return card;
    }
}
