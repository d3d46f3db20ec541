using BenchmarkDotNet.Running;

namespace CooperationBot.Benchmarks;

/// <summary>
/// `--smoke` runs every benchmark once on small inputs (the test suite does this so the code cannot rot);
/// `--storage-calls file` counts the storage calls of each report card action into a JSON file;
/// anything else goes to BenchmarkDotNet (e.g. `--filter *Report*`).
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke"))
        {
            return BenchmarkSmoke.Run(Console.Out) ? 0 : 1;
        }

        var probe = Array.IndexOf(args, "--storage-calls");
        if (probe >= 0)
        {
            StorageCallProbe.Write(args[probe + 1]);
            return 0;
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
