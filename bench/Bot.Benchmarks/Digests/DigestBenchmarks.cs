using System.Globalization;
using BenchmarkDotNet.Attributes;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Teams.Digests;

namespace CooperationBot.Benchmarks.Digests;

/// <summary>
/// What an on-request digest costs at several committee sizes (issue #12: content for 10,000 units in
/// under 1 s). Prepare = every read from the embedded store and the comparison with the last digest;
/// Render = the Adaptive Cards; Content = both, which is what the organiser's turn waits for.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class DigestBenchmarks
{
    private readonly Texts zh = new(CultureInfo.GetCultureInfo("zh-CN"));
    private DigestWorld world = null!;
    private Digest prepared = null!;

    [Params(200, 1_000, 10_000)]
    public int Units { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        world = await DigestWorld.CreateAsync(Units);
        prepared = await world.Digests.PrepareAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => world.Dispose();

    [Benchmark]
    public Task<Digest> Prepare() => world.Digests.PrepareAsync(CancellationToken.None);

    [Benchmark]
    public int Render() => DigestCards.Build(zh, prepared, "bench").Count;

    [Benchmark]
    public async Task<int> Content() => DigestCards.Build(zh, await world.Digests.PrepareAsync(CancellationToken.None), "bench").Count;
}
