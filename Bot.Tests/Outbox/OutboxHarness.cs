using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Hosting;
using CooperationBot.Outbox;
using CooperationBot.Storage;
using CooperationBot.Teams;
using CooperationBot.Teams.Proactive;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CooperationBot.Tests.Outbox;

/// <summary>
/// The bot's real outbox pieces (queue, ledger, dispatcher, Teams deliverer through CloudAdapter)
/// on Azurite or the embedded store, sending to a loopback Bot Connector fake.
/// </summary>
public sealed class OutboxHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private bool dispatching;

    private OutboxHarness(ServiceProvider services, FakeBotConnector connector)
    {
        this.services = services;
        Connector = connector;
    }

    public FakeBotConnector Connector { get; }

    public OutboxDispatcher Dispatcher => services.GetRequiredService<OutboxDispatcher>();

    /// <summary>The background worker the host runs: it takes the dispatch lease and delivers while it holds it.</summary>
    public OutboxWorker Worker => services.GetServices<IHostedService>().OfType<OutboxWorker>().Single();

    public DispatchLease Lease => services.GetRequiredService<DispatchLease>();

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public IProactiveMessenger Messenger => services.GetRequiredService<IProactiveMessenger>();

    public ProactiveOutbox Outbox => services.GetRequiredService<ProactiveOutbox>();

    public IOutboxQueue Queue => services.GetRequiredService<IOutboxQueue>();

    public UnreachableRecipients Unreachable => services.GetRequiredService<UnreachableRecipients>();

    public CooperationBot.Scheduling.Scheduler Scheduler => services.GetRequiredService<CooperationBot.Scheduling.Scheduler>();

    public ChannelDirectory Channels => services.GetRequiredService<ChannelDirectory>();

    public Reports.ReportService Reports => services.GetRequiredService<Reports.ReportService>();

    /// <summary>A second instance of the bot against the same storage (as after a restart, or a scaled-out copy).</summary>
    public static async Task<OutboxHarness> StartAsync(IReadOnlyDictionary<string, string?> storage, FakeBotConnector? connector = null, TimeProvider? clock = null)
    {
        connector ??= await FakeBotConnector.StartAsync();
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Committee:File"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"),
            ["Committee:DemoMode"] = "false",
            ["Outbox:BaseDelay"] = "00:00:00.050",
            ["Outbox:MaxDelay"] = "00:00:01",
            ["Outbox:VisibilityTimeout"] = "00:00:02",
        };
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory });
        collection.AddCooperationBot(config);
        if (clock is not null)
        {
            collection.AddSingleton(clock);
        }

        return new OutboxHarness(collection.BuildServiceProvider(), connector);
    }

    public static async Task<Dictionary<string, string?>> AzuriteStorageAsync()
    {
        var azurite = await Azurite.InstanceAsync();
        return new()
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = Azurite.UniqueName("outbox"),
            ["Outbox:QueueName"] = Azurite.UniqueName("outbox"),
        };
    }

    /// <summary>The user opens a 1:1 chat with the bot, so their conversation is known.</summary>
    public async Task OpenChatAsync(string aadObjectId)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = "msteams",
            ServiceUrl = Connector.ServiceUrl.ToString(),
            From = new ChannelAccount("29:" + aadObjectId, aadObjectId, aadObjectId: aadObjectId),
            Recipient = new ChannelAccount("28:bot", "CooperationBot"),
            Conversation = new ConversationAccount(conversationType: "personal", id: "a:" + aadObjectId, tenantId: "tenant-1"),
        };
        await services.GetRequiredService<ConversationReferences>().RememberAsync(TeamsConversations.PersonalOf(activity, null)!, CancellationToken.None);
    }

    /// <summary>
    /// Files a 1:1 chat for someone the test committee does not list (the load's thousands of people): the
    /// bot itself keeps only the committee's people, but the outbox delivers to whatever chat is on file.
    /// </summary>
    public async Task FileChatAsync(string aadObjectId)
    {
        var chat = new StoredConversation("msteams", Connector.ServiceUrl.ToString(), "a:" + aadObjectId, "tenant-1", "28:bot", "29:" + aadObjectId, aadObjectId, DateTimeOffset.UtcNow);
        var key = services.GetRequiredService<DocumentKeys>().ConversationOfUser(aadObjectId);
        await services.GetRequiredService<IDocumentStore>().UpdateAsync<StoredConversation, bool>(key, _ => new(chat, true), CancellationToken.None);
    }

    /// <summary>Runs the dispatcher until <paramref name="done"/> holds; bounded so a test always stops.</summary>
    public async Task DispatchUntilAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The outbox did not finish in time. Calls seen: " + Connector.Calls.Count);
            }

            if (await Dispatcher.RunOnceAsync(CancellationToken.None) == 0)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Starts the background worker, as the host does at start-up.</summary>
    public async Task StartDispatchingAsync()
    {
        dispatching = true;
        await Worker.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the background worker gracefully, as the host does at shutdown.</summary>
    public async Task StopDispatchingAsync()
    {
        if (dispatching)
        {
            dispatching = false;
            await Worker.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopDispatchingAsync();
        await services.DisposeAsync();
    }
}
