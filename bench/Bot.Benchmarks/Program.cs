using BenchmarkDotNet.Running;

namespace CooperationBot.Benchmarks;

/// <summary>Runs the benchmarks named by the command line, e.g. `--filter '*Digest*'`.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
