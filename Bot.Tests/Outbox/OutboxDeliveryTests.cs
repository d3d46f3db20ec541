using System.Collections.Concurrent;
using CooperationBot.Outbox;
using CooperationBot.Teams.Proactive;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Outbox;

public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private static readonly string[] Users = ["aad-dicp-1", "aad-dicp-2", "aad-organiser"];
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    private static string KeyOf(ConnectorCall call) => call.Activity?["text"]?.GetValue<string>() ?? string.Empty;

    private static ProactiveMessage Message(int i) => new($"reminder/{i}", Users[i % Users.Length], $"提醒 {i}");

    [Fact]
    public async Task Thirty_messages_through_rate_limits_and_injected_faults_arrive_exactly_once_each()
    {
        await using var bot = await OutboxHarness.StartAsync(await OutboxHarness.AzuriteStorageAsync(), connector);
        var faults = new ConcurrentDictionary<int, int>();
        var recent = new ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>>();
        var calls = 0;
        connector.Fault = call =>
        {
            // Teams' own limit: more than 7 a second to one conversation gets 429.
            var window = recent.GetOrAdd(call.ConversationId, _ => new());
            window.Enqueue(call.At);
            while (window.TryPeek(out var first) && call.At - first > TimeSpan.FromSeconds(1))
            {
                window.TryDequeue(out _);
            }

            var n = Interlocked.Increment(ref calls);
            (int, TimeSpan?)? fault = window.Count > 7 ? (429, TimeSpan.FromSeconds(1))
                : n % 5 == 0 ? (502, null)
                : n % 7 == 0 ? (429, TimeSpan.FromSeconds(1))
                : n % 11 == 0 ? (504, null)
                : null;
            if (fault is { } f)
            {
                faults.AddOrUpdate(f.Item1, 1, (_, c) => c + 1);
            }

            return fault;
        };
        foreach (var user in Users)
        {
            await bot.OpenChatAsync(user);
        }

        var results = new List<ProactiveResult>();
        foreach (var i in Enumerable.Range(0, 30))
        {
            results.Add(await bot.Messenger.SendAsync(Message(i), CancellationToken.None));
        }

        // The same keys again, as a retried caller would: nothing new is queued.
        foreach (var i in Enumerable.Range(0, 5))
        {
            results.Add(await bot.Messenger.SendAsync(Message(i), CancellationToken.None));
        }

        await bot.DispatchUntilAsync(async () => (await Task.WhenAll(Enumerable.Range(0, 30).Select(i => bot.Outbox.GetAsync($"reminder/{i}", CancellationToken.None)))).All(e => e?.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(90));

        Assert.Equal(30, results.Count(r => r == ProactiveResult.Queued));
        Assert.Equal(5, results.Count(r => r == ProactiveResult.Duplicate));
        var delivered = connector.Calls.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(30 == delivered.Count, "delivered: " + string.Join(",", delivered.Keys.Order()) + " faults: " + string.Join(",", faults.Select(f => $"{f.Key}x{f.Value}")));
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        Assert.True(faults.GetValueOrDefault(502) > 0 && faults.GetValueOrDefault(429) > 0 && faults.GetValueOrDefault(504) > 0, "faults were injected");
        Assert.Empty(connector.Violations);
    }

    [Fact]
    public async Task A_bot_that_dies_while_sending_loses_nothing_and_doubles_nothing_after_a_restart()
    {
        var storage = await OutboxHarness.AzuriteStorageAsync();
        await using (var dying = await OutboxHarness.StartAsync(storage, connector))
        {
            foreach (var user in Users)
            {
                await dying.OpenChatAsync(user);
            }

            foreach (var i in Enumerable.Range(0, 9))
            {
                await dying.Messenger.SendAsync(Message(i), CancellationToken.None);
            }

            // It takes messages off the queue (they are hidden from others) and dies before sending them.
            Assert.NotEmpty(await dying.Queue.ReceiveAsync(4, TimeSpan.FromSeconds(2), CancellationToken.None));
        }

        await using var restarted = await OutboxHarness.StartAsync(storage, connector);
        await restarted.DispatchUntilAsync(async () => (await Task.WhenAll(Enumerable.Range(0, 9).Select(i => restarted.Outbox.GetAsync($"reminder/{i}", CancellationToken.None)))).All(e => e?.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"提醒 {i}").Order(), connector.Calls.Select(KeyOf).Order());
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_recorded_for_organisers_and_not_retried()
    {
        await using var bot = await OutboxHarness.StartAsync(await OutboxHarness.AzuriteStorageAsync(), connector);
        await bot.OpenChatAsync("aad-dicp-1");
        var attempts = 0;
        connector.Fault = _ =>
        {
            Interlocked.Increment(ref attempts);
            return (403, null);
        };

        await bot.Messenger.SendAsync(new ProactiveMessage("reminder/blocked", "aad-dicp-1", "提醒"), CancellationToken.None);
        await bot.DispatchUntilAsync(async () => (await bot.Outbox.GetAsync("reminder/blocked", CancellationToken.None))?.Status == OutboxStatus.Undeliverable, TimeSpan.FromSeconds(20));
        await bot.Dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.True(1 == attempts, "calls: " + string.Join(" | ", connector.Calls.Select(c => c.Method + " " + c.Path)));
        var recorded = Assert.Single(await bot.Unreachable.GetAsync(CancellationToken.None));
        Assert.Equal(("张联络", "HTTP 403"), (recorded.Name, recorded.Reason));
    }

    [Fact]
    public async Task Someone_who_never_opened_the_bot_is_reported_at_once_and_nothing_is_queued()
    {
        await using var bot = await OutboxHarness.StartAsync(await OutboxHarness.AzuriteStorageAsync(), connector);

        var result = await bot.Messenger.SendAsync(new ProactiveMessage("reminder/nobody", "aad-dicp-2", "提醒"), CancellationToken.None);

        Assert.Equal(ProactiveResult.NoConversation, result);
        Assert.Null(await bot.Outbox.GetAsync("reminder/nobody", CancellationToken.None));
    }

    [Fact]
    public async Task A_channel_post_creates_a_new_thread_in_that_channel()
    {
        await using var bot = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("outbox-").FullName }, connector);
        var card = new Newtonsoft.Json.Linq.JObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new Newtonsoft.Json.Linq.JArray() };

        await bot.Messenger.PostToChannelAsync(new ChannelPost("digest/slot-1", "19:general@thread.tacv2", connector.ServiceUrl.ToString(), "tenant-1", card), CancellationToken.None);
        await bot.DispatchUntilAsync(async () => (await bot.Outbox.GetAsync("digest/slot-1", CancellationToken.None))?.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(20));

        var post = Assert.Single(connector.Calls);
        Assert.Equal("/v3/conversations", post.Path);
        Assert.StartsWith("19:general@thread.tacv2", post.ConversationId, StringComparison.Ordinal);
        Assert.Equal("AdaptiveCard", post.Activity!["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
    }
}
