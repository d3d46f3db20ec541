using CooperationBot.Hosting;
using CooperationBot.Reports;
using CooperationBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Conversations;

/// <summary>A person in the test committee (Fixtures/test-committee.json).</summary>
public sealed record TestUser(string AadObjectId, string Name)
{
    public static TestUser DicpContact { get; } = new("aad-dicp-1", "张联络");
    public static TestUser SecondDicpContact { get; } = new("aad-dicp-2", "李联络");
    public static TestUser TwoUnitContact { get; } = new("aad-two-units", "赵双单位");
    public static TestUser Organiser { get; } = new("aad-organiser", "马越红");
    public static TestUser ContactAndOrganiser { get; } = new("aad-both", "王联络兼组织");
    public static TestUser Stranger { get; } = new("aad-stranger", "陌生人");
}

/// <summary>
/// The real bot (same services as the app, embedded store in a temp folder) behind Bot Builder's
/// TestAdapter, speaking as Teams does in a 1:1 chat.
/// </summary>
public sealed class BotHarness : IDisposable
{
    private readonly ServiceProvider services;
    private readonly string folder = Directory.CreateTempSubdirectory("bot-harness-").FullName;
    private int nextId;

    /// <param name="decorateStore">Wraps the store the bot uses (e.g. to count or fail storage calls).</param>
    public BotHarness(string committeeFile = "Fixtures/test-committee.json", Func<IDocumentStore, IDocumentStore>? decorateStore = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Committee:File"] = Path.Combine(AppContext.BaseDirectory, committeeFile),
            ["Committee:DemoMode"] = "false",
            ["Storage:LocalFolder"] = folder,
        }).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory });
        collection.AddCooperationBot(config);
        if (decorateStore is not null)
        {
            var original = collection.Last(d => d.ServiceType == typeof(IDocumentStore)).ImplementationFactory!;
            collection.AddSingleton(sp => decorateStore((IDocumentStore)original(sp)));
        }

        collection.AddSingleton<TimeProvider>(Clock);
        services = collection.BuildServiceProvider();
        Adapter = new TestAdapter(Channels.Msteams);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero));

    public TestAdapter Adapter { get; }

    public ReportService Reports => services.GetRequiredService<ReportService>();

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public static Activity Message(TestUser user, string text, string? locale = "zh-CN") => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Locale = locale,
        From = new ChannelAccount("29:" + user.AadObjectId, user.Name, aadObjectId: user.AadObjectId),
        Conversation = new ConversationAccount(conversationType: "personal", id: "a:" + user.AadObjectId, tenantId: "tenant-1"),
        Recipient = new ChannelAccount("28:bot", "CooperationBot"),
        ServiceUrl = "https://smba.example.invalid/",
    };

    public static Activity CardAction(TestUser user, string verb, JObject data, string? activityId = null, string? locale = "zh-CN")
    {
        var activity = Message(user, string.Empty, locale);
        activity.Type = ActivityTypes.Invoke;
        activity.Name = "adaptiveCard/action";
        activity.Text = null;
        activity.Id = activityId;
        activity.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" });
        return activity;
    }

    /// <summary>The activity as if sent in a channel of the team (a message @mentions the bot, as Teams requires there).</summary>
    public static Activity InChannel(Activity activity, string teamId, string? channelId = null)
    {
        channelId ??= teamId;
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: channelId + ";messageid=1", tenantId: "tenant-1");
        activity.ChannelData = new JObject
        {
            ["team"] = new JObject { ["id"] = teamId, ["name"] = "院地合作委员会" },
            ["channel"] = new JObject { ["id"] = channelId },
            ["tenant"] = new JObject { ["id"] = "tenant-1" },
        };
        if (activity.Type == ActivityTypes.Message)
        {
            activity.Text = "<at>CooperationBot</at> " + activity.Text;
            activity.Entities = [new Entity("mention") { Properties = JObject.FromObject(new { mentioned = new { id = "28:bot", name = "CooperationBot" }, text = "<at>CooperationBot</at>" }) }];
        }

        return activity;
    }

    /// <summary>The activity as if sent in a group chat with the bot.</summary>
    public static Activity InGroupChat(Activity activity)
    {
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "19:group@thread.v2", tenantId: "tenant-1");
        return activity;
    }

    /// <summary>Sends a card action and returns the invoke response as the client receives it (status and body).</summary>
    public async Task<(int Status, JObject Body)> InvokeAsync(Activity invoke)
    {
        var replies = await SendAsync(invoke);
        var response = (InvokeResponse)((Activity)Assert.Single(replies, r => r.Type == "invokeResponse")).Value;
        return (response.Status, JObject.FromObject(response.Body));
    }

    /// <summary>Sends one activity and returns what the bot sent back during that turn.</summary>
    public async Task<IReadOnlyList<IActivity>> SendAsync(Activity activity)
    {
        activity.Id ??= $"activity-{Interlocked.Increment(ref nextId)}";
        var bot = services.GetRequiredService<IBot>();

        // A turn context of our own: TestAdapter.ProcessActivityAsync would overwrite the activity's id,
        // conversation and recipient, which the bot relies on (idempotency, personal scope).
        using (var turn = new TurnContext(Adapter, activity))
        {
            await bot.OnTurnAsync(turn, CancellationToken.None);
        }

        var replies = new List<IActivity>();
        while (Adapter.GetNextReply() is { } reply)
        {
            replies.Add(reply);
        }

        return replies;
    }

    /// <summary>Sends a card action and returns the card that replaces the one clicked.</summary>
    public async Task<JObject> ExecuteAsync(TestUser user, string verb, JObject data, string? activityId = null, string? locale = "zh-CN")
    {
        var replies = await SendAsync(CardAction(user, verb, data, activityId, locale));
        var invokeResponse = Assert.Single(replies, r => r.Type == "invokeResponse");
        var response = (InvokeResponse)((Activity)invokeResponse).Value;
        Assert.Equal(200, response.Status);
        var body = JObject.FromObject(response.Body);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        return (JObject)body["value"]!;
    }

    public void Dispose()
    {
        services.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
