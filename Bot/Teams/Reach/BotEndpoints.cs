using CooperationBot.Graph;
using CooperationBot.Storage;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace CooperationBot.Teams.Reach;

/// <summary>Where Teams takes the bot's messages for the tenant (Bot Connector service URL) and who the bot is there.</summary>
public sealed record BotEndpoint(string ServiceUrl, string? TenantId, string BotId);

/// <summary>
/// A chat the bot opens through Graph comes with no service URL: it is the one Teams' own activities
/// carry, learnt from them and stored (written only when it changes), with a setting for the first run.
/// </summary>
internal sealed class BotEndpoints(IDocumentStore store, DocumentKeys keys, IOptions<GraphOptions> options, IConfiguration configuration)
{
    private BotEndpoint? known;

    public async Task LearnAsync(IActivity activity, CancellationToken cancellationToken)
    {
        if (activity.ChannelId != Channels.Msteams || string.IsNullOrWhiteSpace(activity.ServiceUrl) || activity.Recipient?.Id is not { Length: > 0 } botId)
        {
            return;
        }

        var tenant = activity.Conversation?.TenantId ?? (activity as Activity)?.GetChannelData<TeamsChannelData>()?.Tenant?.Id;
        var seen = new BotEndpoint(activity.ServiceUrl, tenant, botId);
        if (seen == known)
        {
            return;
        }

        await store.UpdateAsync<BotEndpoint, bool>(keys.BotEndpoint, stored => stored == seen ? new(null, false) : new(seen, true), cancellationToken).ConfigureAwait(false);
        known = seen;
    }

    public async Task<BotEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        if (known is not null)
        {
            return known;
        }

        var stored = (await store.ReadAsync<BotEndpoint>(keys.BotEndpoint, cancellationToken).ConfigureAwait(false))?.Value;
        return stored ?? new BotEndpoint(options.Value.BotServiceUrl.ToString(), options.Value.TenantId, "28:" + configuration["MicrosoftAppId"]);
    }
}
