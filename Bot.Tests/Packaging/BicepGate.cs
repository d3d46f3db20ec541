using System.Reflection;

namespace CooperationBot.Tests.Packaging;

/// <summary>
/// Compiles and lints Bicep with the pinned CLI. Bicep exits 0 on warnings, and unknown or
/// misspelled properties are only warnings (BCP089/BCP037), so the gate treats any line saying
/// Warning or Error as a failure, as well as a non-zero exit.
/// </summary>
internal static class BicepGate
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["BICEP_TRACING_ENABLED"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private static readonly Lazy<string> Cli = new(FindCli);

    /// <returns>Every problem found in build and lint of the file; empty when it passes.</returns>
    public static async Task<IReadOnlyList<string>> CheckAsync(string file)
    {
        var compiled = Path.Combine(Path.GetTempPath(), $"bicep-{Guid.NewGuid():N}.json");
        try
        {
            // Compiled JSON goes to a file so the captured output is diagnostics only.
            var build = file.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build";
            var problems = new List<string>();
            problems.AddRange(Problems(build, await RunAsync(build, file, "--outfile", compiled)));
            problems.AddRange(Problems("lint", await RunAsync("lint", file)));
            return problems;
        }
        finally
        {
            File.Delete(compiled);
        }
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Cli.Value, arguments, Environment);

    private static IEnumerable<string> Problems(string step, ProcessResult result)
    {
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("Warning", StringComparison.OrdinalIgnoreCase) || l.Contains("Error", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"bicep {step}: {l}");
        return result.ExitCode == 0
            ? lines
            : lines.Append($"bicep {step} exited with {result.ExitCode}: {result.Output}");
    }

    private static string FindCli()
    {
        var path = typeof(BicepGate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Bicep CLI not found at {path}: run `dotnet restore` (build/Bicep.props downloads it).");
        }

        // NuGet extracts files without the executable bit. (The pinned CLI is the linux-x64 build.)
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Bicep gate uses Azure.Bicep.CommandLine.linux-x64.");
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | execute);
        return path;
    }
}
