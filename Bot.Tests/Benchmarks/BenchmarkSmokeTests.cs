using System.Text.Json;
using CooperationBot.Benchmarks;
using CooperationBot.Tests.Infrastructure;
using CooperationBot.Tests.Packaging;

namespace CooperationBot.Tests.Benchmarks;

/// <summary>
/// The benchmarks of bench/run.sh on small sizes, in seconds: their code must keep building and
/// running. They measure nothing here (speed is read from bench/run.sh's table, never asserted).
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public void Every_in_process_benchmark_runs_once_on_the_small_sizes()
    {
        var output = new StringWriter();

        Assert.True(BenchmarkSmoke.Run(output), output.ToString());
    }

    [Fact]
    public async Task The_storage_call_probe_counts_at_most_three_calls_per_card_action()
    {
        var counts = await StorageCallProbe.RunAsync();

        Assert.Equal(3, counts["submit (revision 2, files revision 1)"]);
        Assert.All(counts.Values, c => Assert.InRange(c, 1, 3));
    }

    [Fact]
    public async Task The_load_run_drives_the_bot_and_the_echo_bot_and_reports_latency_throughput_and_memory()
    {
        // The same build configuration as these tests (…/bin/<configuration>/net10.0/).
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var results = Path.Combine(Directory.CreateTempSubdirectory("load-smoke-").FullName, "load.json");
        string[] arguments =
        [
            RepoPaths.Combine("bench", "load.mjs"),
            "--bot", RepoPaths.Combine("Bot", "bin", configuration, "net10.0", "CooperationBot.dll"),
            "--echo", RepoPaths.Combine("bench", "EchoBot", "bin", configuration, "net10.0", "EchoBot.dll"),
            "--sizes", "10,30", "--connections", "5", "--amount", "20", "--warmup", "0", "--rounds", "1", "--out", results,
        ];
        RepoPaths.NodeTool("autocannon");

        var run = await ProcessRunner.RunAsync("node", arguments);

        Assert.True(run.ExitCode == 0, string.Join(' ', arguments) + "\n" + run.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["echo bot", "bot, 10 units", "bot, 30 units"], rows.Select(r => r.GetProperty("target").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("requests").GetInt32() > 0 && r.GetProperty("rssMb").GetInt32() > 0));
        Assert.All(rows.Skip(1), r => Assert.True(r.GetProperty("saved").GetInt32() > 0, "the bot stored the saves"));
        Directory.Delete(Path.GetDirectoryName(results)!, recursive: true);
    }
}
