using CooperationBot.Hosting;
using CooperationBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Benchmarks;

/// <summary>
/// The bot's real services (as the app registers them) over an embedded store in a temp folder, and a
/// committee of the given size; turns go straight to the handler, without HTTP, so what is measured is
/// the bot's own work per card action.
/// </summary>
public sealed class BotInProcess : IDisposable
{
    private readonly ServiceProvider services;
    private readonly CapturingAdapter adapter = new();
    private int nextId;

    public BotInProcess(int units, Func<IDocumentStore, IDocumentStore>? decorateStore = null)
    {
        Folder = Directory.CreateTempSubdirectory("bench-bot-").FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Committee:File"] = BenchCommittee.WriteFile(Folder, units),
            ["Committee:DemoMode"] = "false",
            ["Storage:LocalFolder"] = Path.Combine(Folder, "store"),
        }).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory });
        collection.AddCooperationBot(config);
        if (decorateStore is not null)
        {
            var original = collection.Last(d => d.ServiceType == typeof(IDocumentStore)).ImplementationFactory!;
            collection.AddSingleton(sp => decorateStore((IDocumentStore)original(sp)));
        }

        services = collection.BuildServiceProvider();
        services.GetRequiredService<Committees.CommitteeRepository>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public string Folder { get; }

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <summary>An Action.Execute from unit <paramref name="index"/>'s contact, as Teams sends it; returns the card that replaces the clicked one.</summary>
    public async Task<JObject> ExecuteAsync(int index, string verb, JObject data)
    {
        var user = BenchCommittee.UserId(index);
        var activity = new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Id = $"bench-{Interlocked.Increment(ref nextId)}",
            ChannelId = Channels.Msteams,
            Locale = "zh-CN",
            From = new ChannelAccount("29:" + user, $"联络人{index}", aadObjectId: user),
            Conversation = new ConversationAccount(conversationType: "personal", id: "a:" + user, tenantId: "tenant"),
            Recipient = new ChannelAccount("28:bot", "CooperationBot"),
            ServiceUrl = "https://smba.example.invalid/",
            Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }),
        };
        using var turn = new TurnContext(adapter, activity);
        await services.GetRequiredService<IBot>().OnTurnAsync(turn, CancellationToken.None).ConfigureAwait(false);
        var response = (InvokeResponse)turn.TurnState.Get<Activity>(Microsoft.Bot.Builder.BotAdapter.InvokeResponseKey).Value;
        return (JObject)JObject.FromObject(response.Body)["value"]!;
    }

    /// <summary>The save-draft data a card for unit <paramref name="index"/> at <paramref name="baseVersion"/> sends.</summary>
    public static JObject SaveData(int index, int baseVersion, string achievements) => new()
    {
        ["unitId"] = BenchCommittee.UnitId(index),
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = baseVersion,
        ["lang"] = "zh-CN",
        ["achievements"] = achievements,
        ["priorities"] = "推进示范工程建设\n共建联合实验室",
        ["remark"] = string.Empty,
    };

    /// <summary>The version the returned card will send back on its next save.</summary>
    public static int BaseVersionOf(JObject card) =>
        card.Descendants().OfType<JObject>().Select(o => o["baseVersion"]).OfType<JValue>().Select(v => (int)v).First();

    public void Dispose()
    {
        services.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Keeps the invoke response in the turn state, as CloudAdapter does, and sends nothing anywhere.</summary>
    private sealed class CapturingAdapter : Microsoft.Bot.Builder.BotAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            foreach (var activity in activities.Where(a => a.Type == ActivityTypesEx.InvokeResponse))
            {
                turnContext.TurnState.Add(InvokeResponseKey, activity);
            }

            return Task.FromResult(activities.Select(_ => new ResourceResponse()).ToArray());
        }

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
            Task.FromResult(new ResourceResponse());

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }
}
