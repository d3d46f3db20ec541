using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CooperationBot.Benchmarks;

/// <summary>
/// One process for all cases, so expensive fixtures (a 10,000-unit store) are built once and shared;
/// few iterations of one invocation each, as the largest cases take seconds.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig() =>
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true)).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
}
