using System.IO.Compression;
using System.Text.Json.Nodes;

namespace CooperationBot.Tests.Packaging;

/// <summary>
/// Runs manifest/package.sh once for manifest/env/dev.env into a temporary folder and exposes the
/// zip's contents, so every test checks what would actually be uploaded to Teams.
/// </summary>
public sealed class AppPackage : IAsyncLifetime
{
    public const string EnvName = "dev";

    private readonly string outDir = Path.Combine(Path.GetTempPath(), "cooperationbot-package-" + Guid.NewGuid().ToString("N"));

    public static string EnvFile => Path.Combine(PackagingPaths.Manifest, "env", EnvName + ".env");

    public string ZipPath => Path.Combine(outDir, $"appPackage.{EnvName}.zip");

    public IReadOnlyDictionary<string, byte[]> Entries { get; private set; } = new Dictionary<string, byte[]>();

    public JsonNode Manifest => JsonNode.Parse(Entries["manifest.json"])!;

    public JsonNode ZhCn => JsonNode.Parse(Entries["zh-cn.json"])!;

    public IReadOnlyDictionary<string, string> Env { get; } = ReadEnv(EnvFile);

    public async Task InitializeAsync()
    {
        var result = await RunPackagingAsync(EnvFile, outDir);
        Assert.True(result.ExitCode == 0, $"package.sh failed ({result.ExitCode}):\n{result.Output}");

        using var zip = ZipFile.OpenRead(ZipPath);
        Entries = zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }

        return Task.CompletedTask;
    }

    internal static Task<ProcessResult> RunPackagingAsync(string envFile, string outDir) =>
        ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(PackagingPaths.Manifest, "package.sh"), envFile],
            new Dictionary<string, string> { ["OUT_DIR"] = outDir });

    private static Dictionary<string, string> ReadEnv(string file) =>
        File.ReadAllLines(file)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
}
