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

    private Process process;

    private Azurite(Process process, int blobPort, string location)
    {
        this.process = process;
        BlobPort = blobPort;
        Location = location;
    }

    public int BlobPort { get; }

    public int QueuePort => BlobPort + 1;

    public string Location { get; }

    /// <summary>CPU time the Azurite process has used so far: what storage costs on this machine beside the bot.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The well-known development account, pointed at this instance.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    public static Task<Azurite> InstanceAsync() => Shared.Value;

    /// <summary>An Azurite with its own ports and folder, which a drill may stop and start again (the shared one is never stopped).</summary>
    public static Task<Azurite> StartOwnAsync() => StartAsync();

    /// <summary>Stops this instance the way a service stops (SIGTERM: it finishes writing its data).</summary>
    public async Task StopAsync()
    {
        using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>Starts this instance again on the same ports and data folder.</summary>
    public async Task StartAgainAsync()
    {
        process.Dispose();
        process = Launch(BlobPort, Location);
        if (!await WaitUntilListeningAsync(BlobPort, process).ConfigureAwait(false))
        {
            throw new InvalidOperationException("Azurite did not start listening again within 60 s.");
        }
    }

    /// <summary>A container name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();

    private static async Task<Azurite> StartAsync()
    {
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var process = Launch(port, location);
            var azurite = new Azurite(process, port, location);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Stop();
            if (await WaitUntilListeningAsync(port, process).ConfigureAwait(false))
            {
                return azurite;
            }

            azurite.Stop();
            if (attempt == 2)
            {
                throw new InvalidOperationException("Azurite did not start listening within 60 s.");
            }
        }
    }

    private static Process Launch(int port, string location)
    {
        var start = new ProcessStartInfo(RepoPaths.NodeTool("azurite"))
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
        return process;
    }

    private static async Task<bool> WaitUntilListeningAsync(int port, Process process)
    {
        // Node starts slowly on a busy machine.
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
