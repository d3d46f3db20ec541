using CooperationBot.Conversations;
using Microsoft.Bot.Schema;

namespace CooperationBot.Teams;

/// <summary>Between Bot Builder's conversation types and the stored, plain-data conversations.</summary>
internal static class TeamsConversations
{
    /// <summary>The 1:1 conversation this activity came from, or null when it is no personal chat with a known user.</summary>
    public static SeenConversation? PersonalOf(IActivity activity, string? upn)
    {
        var aad = activity.From?.AadObjectId;
        if (activity.Conversation?.ConversationType != "personal" || string.IsNullOrWhiteSpace(aad) || activity.ServiceUrl is null)
        {
            return null;
        }

        return new SeenConversation(
            activity.ChannelId, activity.ServiceUrl, activity.Conversation.Id, activity.Conversation.TenantId,
            activity.Recipient.Id, activity.From!.Id, aad, upn);
    }

    public static ConversationReference ToReference(this StoredConversation stored) => new()
    {
        ChannelId = stored.ChannelId,
        ServiceUrl = stored.ServiceUrl,
        Conversation = new ConversationAccount(id: stored.ConversationId, tenantId: stored.TenantId, conversationType: "personal"),
        Bot = new ChannelAccount(stored.BotId),
        User = new ChannelAccount(stored.UserId, aadObjectId: stored.UserAadObjectId),
    };
}
