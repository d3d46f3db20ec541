using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using CooperationBot.Tests.Infrastructure;

/// <summary>
/// What one bare send costs this process: a POST of a reminder-sized activity to the Bot Connector
/// fake (client and fake together), 16 at a time. The outbox's own cost per message is the
/// ceiling run's CPU per message less this.
/// </summary>
internal static class FakeCostBench
{
    public static async Task<int> RunAsync(int sends)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        using var http = new HttpClient { BaseAddress = connector.ServiceUrl };
        var activity = new
        {
            type = "message",
            text = "reminder/load/aad-load-00001/000",
            attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", content = new { type = "AdaptiveCard", version = "1.5", body = new[] { new { type = "TextBlock", text = new string('年', 600) } } } } },
        };
        async Task SendAsync(int i) => (await http.PostAsJsonAsync($"v3/conversations/a%3Auser-{i % 500}/activities", activity)).EnsureSuccessStatusCode();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await SendAsync(i));

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, sends), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await SendAsync(i));
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare sends to the fake: {sends} in {watch.Elapsed.TotalSeconds:F1} s ({sends / watch.Elapsed.TotalSeconds:F0}/s); {cpu.TotalMilliseconds / sends:F2} ms CPU a send (client and fake); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return 0;
    }

    /// <summary>The Teams layer alone: the real deliverer (conversation lookup, Bot Builder's proactive turn, the send), without the outbox.</summary>
    public static async Task<int> DeliverAsync(int sends)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var bot = await CooperationBot.Tests.Outbox.OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("deliver-bench-").FullName }, connector);
        var deliverer = bot.Get<CooperationBot.Outbox.IOutboxDeliverer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await bot.FileChatAsync($"aad-{i}"));
        var card = "{\"type\":\"AdaptiveCard\",\"version\":\"1.5\",\"body\":[{\"type\":\"TextBlock\",\"text\":\"" + new string('年', 600) + "\"}]}";
        async Task SendAsync(int i)
        {
            if (await deliverer.DeliverAsync(new CooperationBot.Outbox.OutboxEnvelope($"k{i}", CooperationBot.Outbox.OutboxTargetKind.User, $"aad-{i % 500}", null, null, $"k{i}", card), () => Task.CompletedTask, CancellationToken.None) is not CooperationBot.Outbox.DeliveryResult.Delivered)
            {
                throw new InvalidOperationException($"k{i} was not delivered.");
            }
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await SendAsync(i));

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, sends), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await SendAsync(i));
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Teams layer alone (lookup, proactive turn, send): {sends} in {watch.Elapsed.TotalSeconds:F1} s ({sends / watch.Elapsed.TotalSeconds:F0}/s); {cpu.TotalMilliseconds / sends:F2} ms CPU a send (with the fake); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return 0;
    }
}
