using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CooperationBot.Teams;

/// <summary>
/// Every text message the bot sends is plain text. Its words come from our resources, but names, titles,
/// directive text and echoed arguments inside them are people's: Teams must show them as typed, never as
/// markdown (a name could otherwise add lines, strike text through or make a link).
/// </summary>
internal static class PlainMessages
{
    public static Task<ResourceResponse[]> KeepLiteralAsync(ITurnContext turn, List<Activity> activities, Func<Task<ResourceResponse[]>> next)
    {
        foreach (var activity in activities)
        {
            Mark(activity);
        }

        return next();
    }

    public static IActivity Mark(IActivity activity)
    {
        if (activity is IMessageActivity { Text: not null, TextFormat: null } message)
        {
            message.TextFormat = TextFormatTypes.Plain;
        }

        return activity;
    }
}
