using BenchmarkDotNet.Attributes;

namespace CooperationBot.Benchmarks;

/// <summary>
/// A Save-draft card action through the bot's handler, the contacts of many units taking turns, in a
/// committee of 50 and of 10,000 units: the cost must not grow with the committee.
/// </summary>
[MemoryDiagnoser]
public class CardActionBenchmarks
{
    private BotInProcess bot = null!;
    private int[] versions = [];
    private int turn;

    public static IEnumerable<int> Sizes => BenchmarkSmoke.Sizes(50, 10_000);

    [ParamsSource(nameof(Sizes))]
    public int Units { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        bot = new BotInProcess(Units);
        versions = new int[Units + 1];
    }

    [GlobalCleanup]
    public void Cleanup() => bot.Dispose();

    [Benchmark]
    public async Task<int> SaveDraftAsync()
    {
        // Every unit in turn, so a large committee touches many different reports.
        var index = (turn++ % Units) + 1;
        var card = await bot.ExecuteAsync(index, "report.save", BotInProcess.SaveData(index, versions[index], $"与地方企业共建联合实验室\n第{turn}次保存"));
        return versions[index] = BotInProcess.BaseVersionOf(card);
    }
}
