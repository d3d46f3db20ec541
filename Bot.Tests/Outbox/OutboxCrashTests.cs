using System.Globalization;
using Azure.Storage.Queues;
using CooperationBot.Teams.Proactive;
using CooperationBot.Tests.EndToEnd;
using CooperationBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CooperationBot.Tests.Outbox;

/// <summary>
/// The drill of issue #12: the bot, as a real process on Azurite, is killed with SIGKILL in the middle
/// of a reminder fan-out and started again. Every reminder arrives; the only ones that may arrive twice
/// are those the killed process had sent but not yet recorded (the documented window), and the run
/// reports how many that was.
/// </summary>
public sealed class OutboxCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reminders = 200;
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public async Task A_bot_killed_mid_fan_out_delivers_every_reminder_after_restart_and_only_the_window_twice()
    {
        var azurite = await Azurite.InstanceAsync();
        var storage = await OutboxHarness.AzuriteStorageAsync();
        await using (var seeder = await OutboxHarness.StartAsync(storage, connector))
        {
            var contacts = Enumerable.Range(0, Reminders).Select(i => $"aad-drill-{i:D4}").ToList();
            await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (aad, ct) =>
            {
                await seeder.FileChatAsync(aad);
                Assert.Equal(ProactiveResult.Queued, await seeder.Messenger.SendAsync(new ProactiveMessage($"reminder/drill/{aad}", aad, $"reminder/drill/{aad}"), ct));
            });
        }

        // Teams takes a while to answer, so some sends are always under way when the bot is killed.
        connector.Latency = TimeSpan.FromMilliseconds(200);
        DateTimeOffset killedAt;
        int sentBeforeKill;
        using (var doomed = StartBot(storage))
        {
            // The worst moment: a quarter done and sends under way (arrived at Teams, not yet answered).
            await WaitUntilAsync(() => connector.Calls.Count >= Reminders / 4 && connector.Arrivals > connector.Calls.Count + connector.Throttled, TimeSpan.FromSeconds(60), doomed);
            doomed.Kill();
            killedAt = DateTimeOffset.UtcNow;
            sentBeforeKill = connector.Arrivals;
        }

        using (var restarted = StartBot(storage))
        {
            await WaitUntilAsync(() => connector.Calls.Select(OutboxLoad.KeyOf).Distinct().Count() >= Reminders, TimeSpan.FromSeconds(90), restarted);

            // Copies of what the killed process had claimed come back once its claims run out: wait until the queue is empty.
            var queue = new QueueClient(azurite.ConnectionString, storage["Outbox:QueueName"]);
            await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60), restarted);
        }

        var byKey = connector.Calls.GroupBy(OutboxLoad.KeyOf).ToList();
        var doubled = byKey.Where(g => g.Count() > 1).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SIGKILL after {sentBeforeKill} of {Reminders} reminders had reached Teams; after restart {byKey.Count} delivered, {doubled.Count} twice (the window: sent by the killed process, not yet recorded), {Reminders - byKey.Count} lost"));

        Assert.Equal(Reminders, byKey.Count);
        Assert.All(byKey, g => Assert.InRange(g.Count(), 1, 2));

        // Only the window: each doubled reminder had first reached Teams before the kill, and the window is bounded by the sends the tenant budget lets be in flight.
        // A request the killed process had already written may be read off the socket a moment after Kill returns;
        // the restarted process needs far longer than that to start, so the grace cannot hide a send of its own.
        var onTheWire = killedAt + TimeSpan.FromMilliseconds(500);
        Assert.All(doubled, g => Assert.True(g.Min(c => c.At) <= onTheWire, $"{g.Key} was first sent at {g.Min(c => c.At):HH:mm:ss.fff}, after the kill at {killedAt:HH:mm:ss.fff}"));
        Assert.InRange(doubled.Count, 0, 50);
    }

    private ChildProcess StartBot(IReadOnlyDictionary<string, string?> storage)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CooperationBot.dll");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return ChildProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", AppContext.BaseDirectory], AppContext.BaseDirectory, new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = storage["Storage:ConnectionString"]!,
            ["Storage__ContainerName"] = storage["Storage:ContainerName"]!,
            ["Outbox__QueueName"] = storage["Outbox:QueueName"]!,
            ["Committee__File"] = Path.Combine("Fixtures", "test-committee.json"),
            ["Committee__DemoMode"] = "false",
            ["Scheduler__Enabled"] = "false",
            ["Outbox__LeaseDuration"] = "00:00:03",
            ["Outbox__VisibilityTimeout"] = "00:00:05",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
    }

    private static Task WaitUntilAsync(Func<bool> done, TimeSpan limit, ChildProcess bot) => WaitUntilAsync(() => Task.FromResult(done()), limit, bot);

    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, ChildProcess bot)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline || bot.HasExited)
            {
                throw new TimeoutException("The bot did not get there in time. Its output:\n" + bot.Output);
            }

            await Task.Delay(50);
        }
    }
}
