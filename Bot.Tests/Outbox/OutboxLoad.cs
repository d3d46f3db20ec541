using System.Diagnostics;
using System.Globalization;
using CooperationBot.Teams.Proactive;
using CooperationBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Outbox;

/// <summary>
/// A reminder fan-out: <see cref="Contacts"/> people who opened the bot, <see cref="PerContact"/>
/// reminders each, delivered by <see cref="Instances"/> bot instances on one storage. With
/// <see cref="TeamsLimits"/> the Bot Connector fake throttles like Teams; with <see cref="Unlimited"/>
/// the bot's own pacing is lifted to find the outbox's own ceiling.
/// </summary>
public sealed record LoadScenario(
    IReadOnlyDictionary<string, string?> Storage,
    int Contacts,
    int PerContact = 1,
    int Instances = 1,
    TeamsLimits? TeamsLimits = null,
    bool Unlimited = false,
    TimeSpan? Latency = null,
    double? StopFirstInstanceAt = null,
    TimeSpan? TimeLimit = null,
    Func<TimeSpan>? StorageCpu = null);

/// <summary>What the fan-out came to, as the Bot Connector fake saw it.</summary>
/// <param name="Cpu">CPU time this process (bot instances and the fake together) spent while delivering.</param>
/// <param name="StorageCpu">CPU time the storage emulator's own process spent meanwhile, when it runs on this machine.</param>
public sealed record LoadResult(int Queued, int Delivered, int Lost, int Doubled, int OutOfOrder, int Throttled, int BusiestTenantSecond, int BusiestConversationSecond, TimeSpan SetUp, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? StorageCpu = null)
{
    public double PerSecond => Delivered / Elapsed.TotalSeconds;

    /// <summary>CPU milliseconds per delivered message: what the machine's load does not distort much.</summary>
    public double CpuPerMessage => Cpu.TotalMilliseconds / Math.Max(1, Delivered);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Queued} queued, {Delivered} delivered in {Elapsed.TotalSeconds:F1} s ({PerSecond:F0}/s; set-up {SetUp.TotalSeconds:F1} s; {CpuPerMessage:F2} ms CPU a message); lost {Lost}, doubled {Doubled}, out of order {OutOfOrder}; 429 {Throttled}; busiest second: {BusiestTenantSecond} in the tenant, {BusiestConversationSecond} in one conversation");
}

public static class OutboxLoad
{
    /// <summary>A reminder card about the size of the real one (unit name, cycle, deadline, two long fields).</summary>
    private static readonly JObject Card = JObject.Parse("""
        {"type":"AdaptiveCard","version":"1.5","body":[
          {"type":"TextBlock","size":"Medium","weight":"Bolder","text":"大连化物所 — 2019年度成果 / 2020年度重点工作","wrap":true},
          {"type":"TextBlock","text":"截止日期：2020-07-01。请填写本单位与地方合作的年度成果及下一年度重点工作，每行一项。","wrap":true},
          {"type":"Input.Text","id":"achievements","isMultiline":true,"label":"年度成果","value":"与大连市共建洁净能源创新研究院，联合攻关项目十二项；成果转化合同额三亿元；培养地方企业技术骨干二百余人次。"},
          {"type":"Input.Text","id":"priorities","isMultiline":true,"label":"重点工作","value":"推进洁净能源国家实验室建设；深化与地方政府和龙头企业的产学研合作；组织科技成果对接会两场。"}],
         "actions":[{"type":"Action.Execute","verb":"report.save","title":"保存草稿"},{"type":"Action.Execute","verb":"report.submit","title":"提交"}]}
        """);

    public static string KeyOf(ConnectorCall call) => call.Activity?["text"]?.GetValue<string>() ?? string.Empty;

    public static async Task<LoadResult> RunAsync(LoadScenario scenario, FakeBotConnector connector)
    {
        var settings = new Dictionary<string, string?>(scenario.Storage)
        {
            ["Outbox:VisibilityTimeout"] = "00:00:30",
            ["Outbox:LeaseDuration"] = "00:00:03",
        };
        if (scenario.Unlimited)
        {
            settings["Outbox:PerConversationPerSecond"] = "0";
            settings["Outbox:PerTenantPerSecond"] = "0";
        }

        var instances = new List<OutboxHarness>();
        try
        {
            for (var i = 0; i < scenario.Instances; i++)
            {
                instances.Add(await OutboxHarness.StartAsync(settings, connector));
            }

            var setUp = Stopwatch.StartNew();
            var first = instances[0];
            var contacts = Enumerable.Range(0, scenario.Contacts).Select(i => $"aad-load-{i:D5}").ToList();
            await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (aad, _) => await first.FileChatAsync(aad));

            // Each contact's reminders are queued in order, so the order they arrive in can be checked.
            var keys = new List<string>();
            await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (aad, ct) =>
            {
                for (var n = 0; n < scenario.PerContact; n++)
                {
                    var key = $"reminder/load/{aad}/{n:D3}";
                    lock (keys)
                    {
                        keys.Add(key);
                    }

                    if (await first.Messenger.SendAsync(new ProactiveMessage(key, aad, key, Card), ct) != ProactiveResult.Queued)
                    {
                        throw new InvalidOperationException($"{key} was not queued.");
                    }
                }
            });
            setUp.Stop();

            connector.Limits = scenario.TeamsLimits;
            connector.Latency = scenario.Latency ?? TimeSpan.Zero;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var storageCpu = scenario.StorageCpu?.Invoke();
            var elapsed = Stopwatch.StartNew();
            await first.StartDispatchingAsync();
            var stopped = false;
            var othersStarted = instances.Count == 1;
            var deadline = DateTime.UtcNow + (scenario.TimeLimit ?? TimeSpan.FromMinutes(10));
            while ((connector.Calls.Count < keys.Count || DistinctDelivered(connector) < keys.Count) && DateTime.UtcNow < deadline)
            {
                // The others start once the first holds the lease, so stopping the first stops the dispatching instance.
                if (!othersStarted && connector.Calls.Count > 0)
                {
                    othersStarted = true;
                    foreach (var other in instances.Skip(1))
                    {
                        await other.StartDispatchingAsync();
                    }
                }

                if (!stopped && scenario.StopFirstInstanceAt is { } at && connector.Calls.Count >= keys.Count * at)
                {
                    stopped = true;
                    await first.StopDispatchingAsync();
                }

                await Task.Delay(20);
            }

            var last = connector.Calls.Select(c => c.At).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
            var took = elapsed.Elapsed - (DateTimeOffset.UtcNow - last);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            storageCpu = scenario.StorageCpu?.Invoke() - storageCpu;
            foreach (var instance in instances)
            {
                await instance.StopDispatchingAsync();
            }

            var calls = connector.Calls.ToList();
            var delivered = calls.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.Count());
            var outOfOrder = calls.GroupBy(c => c.ConversationId).Sum(g => g.Select(KeyOf).Zip(g.Select(KeyOf).Skip(1)).Count(p => string.CompareOrdinal(p.First, p.Second) > 0));
            var (tenant, conversation) = connector.BusiestSecond();
            return new LoadResult(
                keys.Count,
                delivered.Count,
                keys.Count(k => !delivered.ContainsKey(k)),
                delivered.Values.Sum(n => n - 1),
                outOfOrder,
                connector.Throttled,
                tenant,
                conversation,
                setUp.Elapsed,
                took,
                cpu,
                storageCpu);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static int DistinctDelivered(FakeBotConnector connector) => connector.Calls.Select(KeyOf).Distinct().Count();
}
