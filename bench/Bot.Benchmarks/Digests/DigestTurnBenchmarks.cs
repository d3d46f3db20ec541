using System.Text;
using BenchmarkDotNet.Attributes;
using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Benchmarks.Digests;

/// <summary>
/// The organiser's whole on-request turn (issue #12: it answers within 2 s at any size): an @mention
/// "汇总" in the bound channel through the real adapter and handler, with the bot's real services on the
/// embedded store, posting to a loopback Bot Connector (the request enters the adapter as the app's
/// /api/messages hands it over): resolve the user, read everything, record the
/// digest, post it (at most three posts), mark it posted, confirm.
/// </summary>
[MemoryDiagnoser]
public class DigestTurnBenchmarks
{
    private const string TeamId = "19:bench-team@thread.tacv2";
    private ServiceProvider services = null!;
    private LoopbackConnector connector = null!;
    private CloudAdapter adapter = null!;
    private IBot bot = null!;

    public static IEnumerable<int> Sizes => BenchmarkSmoke.Sizes(200, 10_000);

    [ParamsSource(nameof(Sizes))]
    public int Units { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var world = await DigestWorld.SharedAsync(Units);
        connector = await LoopbackConnector.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Committee:File"] = Path.Combine(AppContext.BaseDirectory, "Committees", "sample-committee.json"),
            ["Storage:LocalFolder"] = world.Folder,
            ["Outbox:Enabled"] = "false",
            ["Scheduler:Enabled"] = "false",
        }).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory });
        collection.AddCooperationBot(config);

        // The synthetic committee as it is: no file limits, no store round trip.
        collection.AddSingleton<ICommitteeSource>(new FixedCommittee(world.Committee));
        collection.AddSingleton(world.Keys);
        services = collection.BuildServiceProvider();
        adapter = services.GetRequiredService<CloudAdapter>();
        bot = services.GetRequiredService<IBot>();
        var channels = services.GetRequiredService<ChannelDirectory>();
        await channels.RecordTeamAsync(TeamId, "基准团队", connector.ServiceUrl.ToString(), "tenant-bench", [], CancellationToken.None);
        await channels.BindAsync(TeamId, TeamId, "组织方", CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await services.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> OnRequestTurnAsync()
    {
        var before = connector.Posts;
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(AskForDigest())));
        await adapter.ProcessAsync(context.Request, context.Response, bot, CancellationToken.None);
        return connector.Posts - before;
    }

    private Activity AskForDigest() => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = "msteams",
        ServiceUrl = connector.ServiceUrl.ToString(),
        Text = "<at>CooperationBot</at> 汇总",
        Locale = "zh-CN",
        From = new ChannelAccount("29:organiser", "组织方", aadObjectId: DigestWorld.OrganiserAadObjectId),
        Recipient = new ChannelAccount("28:bot", "CooperationBot"),
        Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: TeamId + ";messageid=1", tenantId: "tenant-bench"),
        ChannelData = new JObject
        {
            ["team"] = new JObject { ["id"] = TeamId, ["name"] = "基准团队" },
            ["channel"] = new JObject { ["id"] = TeamId },
            ["tenant"] = new JObject { ["id"] = "tenant-bench" },
        },
        Entities = [new Entity("mention") { Properties = JObject.FromObject(new { mentioned = new { id = "28:bot", name = "CooperationBot" }, text = "<at>CooperationBot</at>" }) }],
    };

    private sealed class FixedCommittee(Committee committee) : ICommitteeSource
    {
        public ValueTask<Committee> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(committee);
    }
}
