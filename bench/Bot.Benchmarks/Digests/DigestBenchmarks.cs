using System.Globalization;
using BenchmarkDotNet.Attributes;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Teams.Digests;

namespace CooperationBot.Benchmarks.Digests;

/// <summary>
/// What a digest costs at several committee sizes (issue #12: the content for 10,000 units in under
/// 1 s, at most 3 posts). Prepare = every read from the embedded store plus the comparison with the
/// last digest; Render = the Adaptive Cards from a prepared digest; Content = both, which is what an
/// organiser's turn waits for before posting.
/// </summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    private readonly Texts zh = new(CultureInfo.GetCultureInfo("zh-CN"));
    private DigestWorld world = null!;
    private Digest prepared = null!;

    public static IEnumerable<int> Sizes => BenchmarkSmoke.Sizes(200, 1_000, 10_000);

    [ParamsSource(nameof(Sizes))]
    public int Units { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        world = await DigestWorld.SharedAsync(Units);
        prepared = await world.Digests.PrepareAsync(CancellationToken.None);
    }

    [Benchmark]
    public Task<Digest> Prepare() => world.Digests.PrepareAsync(CancellationToken.None);

    [Benchmark]
    public int Render() => DigestCards.Build(zh, prepared, "0123456789abcdef0123456789abcdef").Count;

    [Benchmark]
    public async Task<int> ContentAsync() => DigestCards.Build(zh, await world.Digests.PrepareAsync(CancellationToken.None), "0123456789abcdef0123456789abcdef").Count;
}
