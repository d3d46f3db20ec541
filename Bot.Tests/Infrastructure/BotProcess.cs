using System.Globalization;
using CooperationBot.Tests.EndToEnd;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>
/// The bot as a real process (`dotnet CooperationBot.dll`) on a loopback port, for what an in-process
/// host cannot show: the addresses Kestrel really binds, TLS to a metadata endpoint, the memory of the
/// process, and being killed. Its build output sits beside the tests (project reference).
/// </summary>
public sealed class BotProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ChildProcess child;

    private BotProcess(ChildProcess child, int port)
    {
        this.child = child;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public int Id => child.Id;

    public bool HasExited => child.HasExited;

    public int ExitCode => child.ExitCode;

    /// <summary>The last lines the bot wrote (console log), for assertions and failure messages.</summary>
    public string Output => child.Output;

    /// <summary>A mark in the output; <see cref="OutputSince"/> gives what was written after it.</summary>
    public long OutputMark => child.LineCount;

    public string OutputSince(long mark) => child.OutputSince(mark);

    /// <summary>Resident memory of the bot process now (Linux /proc), in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{child.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>Starts the bot listening on <paramref name="port"/> (a free one when null), without waiting for it.</summary>
    public static BotProcess Launch(IReadOnlyDictionary<string, string> environment, int? port = null, IEnumerable<string>? arguments = null)
    {
        var chosen = port ?? FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "CooperationBot.dll");
        var env = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["Scheduler__Enabled"] = "false",
        };
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        List<string> args = [dll, "--contentRoot", AppContext.BaseDirectory, .. arguments ?? ["--urls", $"http://127.0.0.1:{chosen}"]];
        return new BotProcess(ChildProcess.Start("dotnet", args, AppContext.BaseDirectory, env), chosen);
    }

    /// <summary>Starts the bot and waits until /healthz answers (or fails with the bot's output).</summary>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var bot = Launch(environment, port);
        try
        {
            await bot.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
            return bot;
        }
        catch
        {
            bot.Dispose();
            throw;
        }
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"The bot exited ({child.ExitCode}):\n{child.Output}");
            }

            try
            {
                if ((await Http.GetAsync(new Uri(BaseUrl, "healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The bot did not answer /healthz within {timeout.TotalSeconds} s:\n{child.Output}");
    }

    public Task<bool> WaitForExitAsync(TimeSpan timeout) => child.WaitForExitAsync(timeout);

    /// <summary>SIGKILL: no shutdown code runs, as when a host dies.</summary>
    public void Kill() => child.Kill();

    public void Dispose() => child.Dispose();
}
