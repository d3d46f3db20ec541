using System.Diagnostics;
using System.Net.Sockets;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>
/// One real Azurite (Azure Storage emulator) for the whole test run, on loopback ports, with its data
/// in a temporary folder; started on first use and stopped when the test process exits. Tests
/// isolate themselves by using their own container or queue names.
/// </summary>
public sealed class Azurite
{
    private static readonly Lazy<Task<Azurite>> Shared = new(StartAsync);

    private readonly Process process;

    private Azurite(Process process, int blobPort, string location)
    {
        this.process = process;
        BlobPort = blobPort;
        Location = location;
    }

    public int BlobPort { get; }

    public int QueuePort => BlobPort + 1;

    public string Location { get; }

    /// <summary>The well-known development account, pointed at this instance.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    public static Task<Azurite> InstanceAsync() => Shared.Value;

    /// <summary>A container name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();

    private static async Task<Azurite> StartAsync()
    {
        var tool = RepoPaths.NodeTool("azurite");
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var start = new ProcessStartInfo(tool)
            {
                ArgumentList =
                {
                    // --disableTelemetry keeps it on loopback; --skipApiVersionCheck lets the current SDK talk to it.
                    "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                    "--location", location,
                    "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--queueHost", "127.0.0.1", "--queuePort", (port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--tableHost", "127.0.0.1", "--tablePort", (port + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new Azurite(process, port, location);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Stop();
            if (await WaitUntilListeningAsync(port, process).ConfigureAwait(false))
            {
                return azurite;
            }

            azurite.Stop();
            if (attempt == 2)
            {
                throw new InvalidOperationException("Azurite did not start listening within 30 s.");
            }
        }
    }

    private static async Task<bool> WaitUntilListeningAsync(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        return false;
    }

    private void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
