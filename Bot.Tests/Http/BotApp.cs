using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CooperationBot.Tests.Http;

/// <summary>How a test app instance stores its data; the same settings survive a restart.</summary>
public sealed record StorageSettings(IReadOnlyDictionary<string, string?> Values)
{
    public static StorageSettings LocalFolder() =>
        new(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("bot-app-").FullName });

    public static async Task<StorageSettings> AzuriteAsync() => new(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = (await Azurite.InstanceAsync()).ConnectionString,
        ["Storage:ContainerName"] = Azurite.UniqueName("app"),
    });
}

/// <summary>The real app in-process (WebApplicationFactory), anonymous Bot Framework auth, demo mode on.</summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    private readonly StorageSettings storage;
    private readonly IReadOnlyDictionary<string, string?> extra;
    private readonly Action<IServiceCollection>? replace;

    /// <param name="replace">Replaces app services after the app registered its own (e.g. a fake clock).</param>
    public BotApp(StorageSettings storage, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? replace = null)
    {
        this.storage = storage;
        this.extra = extra ?? new Dictionary<string, string?>();
        this.replace = replace;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Committee:DemoMode", "true");
        foreach (var (key, value) in storage.Values.Concat(extra))
        {
            builder.UseSetting(key, value);
        }

        if (replace is not null)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    public async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity) =>
        await CreateClient().PostAsJsonAsync("/api/messages", activity);
}

/// <summary>Activities shaped exactly as Teams sends them.</summary>
public static class TeamsActivities
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string BotId = "28:00000000-0000-0000-0000-00000000000b";

    /// <summary>
    /// An @mention of the bot in a team channel, as Teams sends it. Messages carry no team group id;
    /// pass <paramref name="aadGroupId"/> for the activities that do (the bot added to the team).
    /// </summary>
    public static JsonObject ChannelMention(
        Uri serviceUrl,
        string text,
        string teamId,
        string teamName = "院地合作委员会",
        string? channelId = null,
        string? channelName = null,
        string? aadGroupId = null,
        string aadObjectId = DemoUser.AadObjectId,
        string name = DemoUser.Name)
    {
        channelId ??= teamId;
        var activity = PersonalMessage(serviceUrl, $"<at>CooperationBot</at> {text}", "zh-CN", aadObjectId, name);
        activity["conversation"] = new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TenantId, ["id"] = $"{channelId};messageid=1700000000001" };
        var team = new JsonObject { ["id"] = teamId, ["name"] = teamName };
        if (aadGroupId is not null)
        {
            team["aadGroupId"] = aadGroupId;
        }

        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TenantId },
            ["team"] = team,
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = channelName },
        };
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CooperationBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "CooperationBot" },
        });
        return activity;
    }

    public static JsonObject PersonalMessage(Uri serviceUrl, string text, string locale = "zh-CN", string aadObjectId = DemoUser.AadObjectId, string name = DemoUser.Name) => new()
    {
        ["type"] = "message",
        ["id"] = "1700000000" + Random.Shared.Next(100000, 999999),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("o"),
        ["localTimestamp"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("o"),
        ["serviceUrl"] = serviceUrl.ToString(),
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1" + aadObjectId, ["name"] = name, ["aadObjectId"] = aadObjectId },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = TenantId, ["id"] = "a:1" + aadObjectId },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CooperationBot" },
        ["textFormat"] = "plain",
        ["locale"] = locale,
        ["text"] = text,
        ["entities"] = new JsonArray(new JsonObject { ["locale"] = locale, ["country"] = "CN", ["platform"] = "Web", ["timezone"] = "Asia/Shanghai", ["type"] = "clientInfo" }),
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
    };

    public static JsonObject CardAction(Uri serviceUrl, string verb, JsonObject data, string? activityId = null, string locale = "zh-CN", string aadObjectId = DemoUser.AadObjectId)
    {
        var activity = PersonalMessage(serviceUrl, string.Empty, locale, aadObjectId);
        activity.Remove("text");
        activity.Remove("textFormat");
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["id"] = activityId ?? "f:" + Guid.NewGuid().ToString("N");
        activity["replyToId"] = "1700000000000";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "提交", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }
}
