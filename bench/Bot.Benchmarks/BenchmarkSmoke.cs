using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace CooperationBot.Benchmarks;

/// <summary>
/// Every benchmark of this assembly once, in this process, on the small sizes only: seconds, not
/// minutes. The test suite runs it so that a benchmark that no longer builds or runs fails a test.
/// </summary>
public static class BenchmarkSmoke
{
    /// <summary>True while the smoke runs: benchmarks with sizes use only their smallest ones.</summary>
    public static bool Active { get; private set; }

    /// <summary>The sizes a benchmark measures, or only the first of them during the smoke run.</summary>
    public static IEnumerable<T> Sizes<T>(params T[] sizes) => Active ? sizes.Take(1) : sizes;

    public static bool Run(TextWriter output)
    {
        Active = true;
        try
        {
            var config = ManualConfig.CreateEmpty()
                .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance))
                .AddLogger(new TextLogger(output))
                .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
                .WithArtifactsPath(Directory.CreateTempSubdirectory("bench-smoke-").FullName)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile);
            var types = typeof(BenchmarkSmoke).Assembly.GetTypes()
                .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToArray();
            var summaries = BenchmarkRunner.Run(types, config);
            var failed = summaries.SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo))
                .Concat(summaries.Where(s => s.HasCriticalValidationErrors).SelectMany(s => s.ValidationErrors.Select(e => e.Message)))
                .ToList();
            foreach (var failure in failed)
            {
                output.WriteLine($"FAILED: {failure}");
            }

            output.WriteLine($"benchmark smoke: {summaries.Sum(s => s.Reports.Length)} cases, {failed.Count} failed");
            return failed.Count == 0 && summaries.Sum(s => s.Reports.Length) > 0;
        }
        finally
        {
            Active = false;
        }
    }
}
