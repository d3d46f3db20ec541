using CooperationBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CooperationBot.Tests.EndToEnd;

/// <summary>
/// Everything the story runs on, on loopback: Azurite, the bot as a real process on the Blob store
/// with the sample committee in demo mode, Microsoft's Agents Playground, and headless Debian Chromium.
/// </summary>
public sealed class StoryEnvironment : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, string> botEnvironment;
    private readonly string playgroundFolder = Directory.CreateTempSubdirectory("playground-").FullName;
    private ChildProcess? bot;
    private ChildProcess? playground;
    private IPlaywright? playwright;
    private IBrowser? browser;

    private StoryEnvironment(Dictionary<string, string> botEnvironment)
    {
        this.botEnvironment = botEnvironment;
        BotPort = FreePort.Next();
        PlaygroundPort = FreePort.Next();
    }

    public int BotPort { get; }

    public int PlaygroundPort { get; }

    public IPage Page { get; private set; } = null!;

    public string BotOutput => bot?.Output ?? string.Empty;

    public string PlaygroundOutput => playground?.Output ?? string.Empty;

    /// <param name="language">`Localization:Language` for the bot: the playground always reports en-US.</param>
    public static async Task<StoryEnvironment> StartAsync(string language)
    {
        var azurite = await Azurite.InstanceAsync();
        var environment = new StoryEnvironment(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Storage__ContainerName"] = Azurite.UniqueName("story"),
            ["Committee__DemoMode"] = "true",
            ["Localization__Language"] = language,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
        try
        {
            await environment.StartBotAsync();
            await environment.StartPlaygroundAsync();
            await environment.StartBrowserAsync();
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the bot process and starts a new one on the same port and storage.</summary>
    public async Task RestartBotAsync()
    {
        bot?.Dispose();
        await StartBotAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        playground?.Dispose();
        bot?.Dispose();
    }

    private async Task StartBotAsync()
    {
        // The bot's build output sits beside the tests (project reference), with its committee file.
        var dll = Path.Combine(AppContext.BaseDirectory, "CooperationBot.dll");
        bot = ChildProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{BotPort}", "--contentRoot", AppContext.BaseDirectory], AppContext.BaseDirectory, botEnvironment);
        await WaitForAsync($"http://127.0.0.1:{BotPort}/healthz", bot, "the bot");
    }

    private async Task StartPlaygroundAsync()
    {
        playground = ChildProcess.Start(
            RepoPaths.NodeTool("agentsplayground"),
            ["-p", PlaygroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", $"http://127.0.0.1:{BotPort}/api/messages", "-c", "msteams", "--dt"],
            playgroundFolder,
            new Dictionary<string, string>
            {
                // Both switches keep the playground's telemetry from leaving the machine.
                ["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "1",
                ["TEAMSAPPTESTER_BROWSER"] = "none",
            });
        await WaitForAsync($"http://127.0.0.1:{PlaygroundPort}/_debug/ping", playground, "the Agents Playground");
    }

    private async Task StartBrowserAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });

        // Only loopback: the page asks a CDN for fonts, which must not leave the machine.
        await context.RouteAsync("**/*", route =>
        {
            var host = new Uri(route.Request.Url).Host;
            return host is "127.0.0.1" or "localhost" ? route.ContinueAsync() : route.AbortAsync();
        });
        Page = await context.NewPageAsync();
        Page.SetDefaultTimeout(20_000);
        // The playground's first load parses a 9 MB script: on a busy machine that alone takes over half a minute.
        await Page.GotoAsync($"http://127.0.0.1:{PlaygroundPort}/", new PageGotoOptions { Timeout = 120_000 });
    }

    private static async Task WaitForAsync(string url, ChildProcess process, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited:\n{process.Output}");
            }

            try
            {
                if ((await Http.GetAsync(url)).IsSuccessStatusCode)
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

        throw new TimeoutException($"{what} did not answer {url} within 60 s:\n{process.Output}");
    }
}
