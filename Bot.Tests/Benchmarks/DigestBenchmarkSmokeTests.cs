using CooperationBot.Benchmarks.Digests;
using CooperationBot.Teams.Digests;

namespace CooperationBot.Tests.Benchmarks;

/// <summary>The digest benchmarks at a small size: they build, run and measure what they claim (the real numbers come from `bench/`).</summary>
public sealed class DigestBenchmarkSmokeTests
{
    [Fact]
    public async Task The_digest_benchmarks_run_on_a_small_committee_and_produce_a_digest_of_at_most_three_posts()
    {
        var benchmark = new DigestBenchmarks { Units = 30 };
        await benchmark.SetupAsync();

        var digest = await benchmark.Prepare();
        var posts = benchmark.Render();
        var content = await benchmark.ContentAsync();

        Assert.Equal(30, digest.Units.Count);
        Assert.Equal((18, 3, 9), (digest.Submitted, digest.Drafts, digest.NotStarted));
        Assert.InRange(posts, 1, DigestCards.MaxPosts);
        Assert.Equal(posts, content);
    }
}
