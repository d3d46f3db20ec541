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

    [Fact]
    public async Task Stopping_an_instance_finishes_the_message_it_is_sending_and_hands_back_the_rest()
    {
        var storage = await OutboxHarness.AzuriteStorageAsync();
        storage["Outbox:LeaseDuration"] = "00:00:03";
        await using var stopping = await OutboxHarness.StartAsync(storage, connector);
        await stopping.OpenChatAsync("aad-dicp-1");
        foreach (var i in Enumerable.Range(0, 3))
        {
            await stopping.Messenger.SendAsync(new ProactiveMessage($"reminder/stop/{i}", "aad-dicp-1", $"提醒 {i}"), CancellationToken.None);
        }

        // Teams answers slowly: the first message is still being sent when the instance is told to stop.
        connector.Latency = TimeSpan.FromSeconds(2);
        await stopping.StartDispatchingAsync();
        await WaitUntilAsync(() => connector.Arrivals >= 1);
        await stopping.StopDispatchingAsync();

        Assert.Equal(OutboxStatus.Sent, (await stopping.Outbox.GetAsync("reminder/stop/0", CancellationToken.None))?.Status);
        Assert.Equal(["提醒 0"], connector.Calls.Select(KeyOf));

        connector.Latency = TimeSpan.Zero;
        await using var next = await OutboxHarness.StartAsync(storage, connector);
        await next.StartDispatchingAsync();
        await WaitUntilAsync(() => connector.Calls.Count >= 3);
        await next.StopDispatchingAsync();
        Assert.Equal(["提醒 0", "提醒 1", "提醒 2"], connector.Calls.Select(KeyOf).Order());
    }

    [Fact]
    public async Task One_instance_holds_the_dispatch_lease_and_another_takes_over_once_it_lapses_or_is_given_up()
    {
        var storage = new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("lease-").FullName, ["Outbox:LeaseDuration"] = "00:00:15" };
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await OutboxHarness.StartAsync(storage, connector, clock);
        await using var second = await OutboxHarness.StartAsync(storage, connector, clock);

        Assert.NotNull(await first.Lease.TryHoldAsync(CancellationToken.None));
        Assert.Null(await second.Lease.TryHoldAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await first.Lease.TryHoldAsync(CancellationToken.None));

        // The holder dies: nobody renews, and the lease lapses 15 s after the last renewal.
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Null(await second.Lease.TryHoldAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await second.Lease.TryHoldAsync(CancellationToken.None));
        Assert.Null(await first.Lease.TryHoldAsync(CancellationToken.None));

        // A graceful stop gives it up at once.
        await second.Lease.ReleaseAsync(CancellationToken.None);
        Assert.NotNull(await first.Lease.TryHoldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_queue_message_is_kept_aside_and_does_not_hold_up_the_ones_behind_it()
    {
        var storage = await OutboxHarness.AzuriteStorageAsync();
        await using var bot = await OutboxHarness.StartAsync(storage, connector);
        await bot.OpenChatAsync("aad-dicp-1");
        var queue = new Azure.Storage.Queues.QueueClient((await Azurite.InstanceAsync()).ConnectionString, storage["Outbox:QueueName"]);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("this is not an outbox message");
        await bot.Messenger.SendAsync(new ProactiveMessage("reminder/after-poison", "aad-dicp-1", "提醒"), CancellationToken.None);

        await bot.DispatchUntilAsync(async () => (await bot.Outbox.GetAsync("reminder/after-poison", CancellationToken.None))?.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(20));

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var keys = bot.Get<CooperationBot.Storage.DocumentKeys>();
        var kept = Assert.Single(await bot.Get<CooperationBot.Storage.IDocumentStore>().ListKeysAsync($"committees/{keys.CommitteeId}/outbox-poison/", CancellationToken.None));
        Assert.Equal("this is not an outbox message", (await bot.Get<CooperationBot.Storage.IDocumentStore>().ReadAsync<PoisonMessage>(kept, CancellationToken.None))!.Value.Body);
    }

    [Fact]
    public async Task A_message_too_large_for_a_queue_message_is_parked_in_the_store_and_delivered_whole()
    {
        var storage = await OutboxHarness.AzuriteStorageAsync();
        await using var bot = await OutboxHarness.StartAsync(storage, connector);
        await bot.OpenChatAsync("aad-dicp-1");
        var text = string.Concat(Enumerable.Repeat("大连化物所年度成果。", 3000));

        Assert.Equal(ProactiveResult.Queued, await bot.Messenger.SendAsync(new ProactiveMessage("reminder/large", "aad-dicp-1", text), CancellationToken.None));
        await bot.DispatchUntilAsync(async () => (await bot.Outbox.GetAsync("reminder/large", CancellationToken.None))?.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(20));

        Assert.Equal(text, KeyOf(Assert.Single(connector.Calls)));
        var keys = bot.Get<CooperationBot.Storage.DocumentKeys>();
        Assert.Null(await bot.Get<CooperationBot.Storage.IDocumentStore>().ReadAsync<OutboxEnvelope>(keys.OutboxParked("reminder/large"), CancellationToken.None));
    }

    [Fact]
    public async Task A_message_claimed_again_and_again_without_an_outcome_is_given_up_and_recorded_for_organisers()
    {
        await using var bot = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("poison-").FullName }, connector);
        await bot.OpenChatAsync("aad-dicp-1");
        await bot.Messenger.SendAsync(new ProactiveMessage("reminder/crashes", "aad-dicp-1", "提醒"), CancellationToken.None);

        // Eight instances in a row died while sending it: each left a claim that ran out.
        var store = bot.Get<CooperationBot.Storage.IDocumentStore>();
        var key = bot.Get<CooperationBot.Storage.DocumentKeys>().OutboxLedger("reminder/crashes");
        var entry = (await store.ReadAsync<OutboxEntry>(key, CancellationToken.None))!;
        await store.WriteAsync(key, entry.Value with { Status = OutboxStatus.Sending, Attempts = 8, ClaimedUntil = DateTimeOffset.UtcNow.AddMinutes(-1) }, entry.ETag, CancellationToken.None);

        await bot.DispatchUntilAsync(async () => (await bot.Outbox.GetAsync("reminder/crashes", CancellationToken.None))?.Status == OutboxStatus.Failed, TimeSpan.FromSeconds(20));

        Assert.Empty(connector.Calls);
        var recorded = Assert.Single(await bot.Unreachable.GetAsync(CancellationToken.None));
        Assert.Equal("张联络", recorded.Name);
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
