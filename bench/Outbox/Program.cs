using CooperationBot.Tests.Infrastructure;
using CooperationBot.Tests.Outbox;

// Outbox throughput runs (the same scenarios run small in Bot.Tests/Outbox/OutboxFleetTests):
//   ceiling <embedded|azurite> <reminders>   the outbox's own ceiling: Teams' limits lifted in the bot and the fake
//   teams <embedded|azurite> <reminders>     through a fake that throttles like Teams (7/s per conversation, 50/s per tenant)
//   fleet <embedded|azurite> <reminders>     two instances on one storage, the first stopped at 40%
//   listing <documents>                       the embedded store listing the outbox queue beside that many other documents
//   fake <sends>                              what a bare send to the Bot Connector fake costs, for comparison
//   deliver <sends>                           the Teams layer alone (lookup, proactive turn, send), without the outbox
// Everything runs on loopback and stops by itself.
if (args is ["listing", var count] && int.TryParse(count, out var documents))
{
    return await ListingBench.RunAsync(documents);
}

if (args is ["fake", var n] && int.TryParse(n, out var sends))
{
    return await FakeCostBench.RunAsync(sends);
}

if (args is ["deliver", var d] && int.TryParse(d, out var deliveries))
{
    return await FakeCostBench.DeliverAsync(deliveries);
}

if (args.Length != 3 || !int.TryParse(args[2], out var reminders) || args[1] is not ("embedded" or "azurite") || args[0] is not ("ceiling" or "teams" or "fleet"))
{
    Console.Error.WriteLine("usage: OutboxBench <ceiling|teams|fleet> <embedded|azurite> <reminders>");
    return 2;
}

var storage = args[1] == "azurite"
    ? await OutboxHarness.AzuriteStorageAsync()
    : new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("outbox-bench-").FullName };
Func<TimeSpan>? storageCpu = args[1] == "azurite" ? () => Azurite.InstanceAsync().GetAwaiter().GetResult().ProcessorTime : null;
var scenario = args[0] switch
{
    "ceiling" => new LoadScenario(storage, reminders, Unlimited: true, StorageCpu: storageCpu),
    "teams" => new LoadScenario(storage, reminders, TeamsLimits: new TeamsLimits(), StorageCpu: storageCpu),
    _ => new LoadScenario(storage, reminders, Instances: 2, TeamsLimits: new TeamsLimits(), StopFirstInstanceAt: 0.4, StorageCpu: storageCpu),
};

await using var connector = await FakeBotConnector.StartAsync();
var result = await OutboxLoad.RunAsync(scenario with { TimeLimit = TimeSpan.FromMinutes(15) }, connector);
Console.WriteLine($"{string.Join(' ', args)}: {result}");
if (args[0] == "ceiling")
{
    Console.WriteLine($"  = {result.PerSecond / 50:F1}x Teams' 50/s per tenant; CPU-bound ceiling {1000 / result.CpuPerMessage:F0}/s per core ({1000 / result.CpuPerMessage / 50:F1}x); {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    if (result.StorageCpu is { } used)
    {
        // Azurite runs on the same cores: what it spends a message bounds the ceiling on this machine.
        var perMessage = used.TotalMilliseconds / Math.Max(1, result.Delivered);
        Console.WriteLine($"  Azurite itself: {perMessage:F2} ms CPU a message; bot and Azurite together on {Environment.ProcessorCount} cores allow at most {Environment.ProcessorCount * 1000 / (perMessage + result.CpuPerMessage):F0}/s ({Environment.ProcessorCount * 1000 / (perMessage + result.CpuPerMessage) / 50:F1}x)");
    }
}
else
{
    var allowed = TimeSpan.FromSeconds(reminders / 50.0);
    Console.WriteLine($"  = {result.Elapsed / allowed:F2}x the {allowed.TotalSeconds:F0} s Teams' limits allow; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}

return result.Lost == 0 && result.Doubled == 0 ? 0 : 1;
