using Microsoft.Playwright;

namespace CooperationBot.Tests.EndToEnd;

/// <summary>
/// Runs named steps against the page: each success leaves a screenshot, a failure saves the page,
/// and the exception names the step.
/// </summary>
public sealed class Story(StoryEnvironment environment, string run)
{
    private readonly string folder = Directory.CreateDirectory(Infrastructure.RepoPaths.Combine("artifacts", "e2e", run)).FullName;
    private int number;

    public IPage Page => environment.Page;

    public async Task StepAsync(string name, Func<Task> step)
    {
        var file = $"{++number:00}-{name}";
        try
        {
            await step();
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, file + ".png") });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException or InvalidOperationException)
        {
            var shot = Path.Combine(folder, file + "-FAILED.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            throw new InvalidOperationException(
                $"Story step '{name}' failed ({run}); the page is saved at {shot}.\n{ex.Message}\n--- bot output ---\n{environment.BotOutput}", ex);
        }
    }

    /// <summary>The newest card on the page that shows the text.</summary>
    public ILocator Card(string text) => Page.Locator(".ac-adaptiveCard", new PageLocatorOptions { HasText = text }).Last;

    public async Task SendAsync(string text)
    {
        var box = Page.Locator("div[role='textbox'][data-lexical-editor='true']").Last;
        await box.ClickAsync();
        await box.PressSequentiallyAsync(text);
        await Page.Keyboard.PressAsync("Enter");
    }

    /// <summary>A new channel post that @mentions the bot, as a person does it: type @, pick the bot, write, Post.</summary>
    public async Task PostMentioningBotAsync(string text)
    {
        var editor = Page.Locator("div[role='textbox'][data-lexical-editor='true']").First;
        await editor.ClickAsync();
        // "Test Bot" is already on the page after a first mention (the posted mention, the bot's replies):
        // wait for the suggestion that "@" opens before clicking the last one, or an old one gets the click.
        var names = Page.GetByText("Test Bot", new PageGetByTextOptions { Exact = true });
        var before = await names.CountAsync();
        await editor.PressSequentiallyAsync("@");
        for (var waited = 0; await names.CountAsync() <= before && waited < 100; waited++)
        {
            await Task.Delay(100);
        }

        await names.Last.ClickAsync();
        await editor.PressSequentiallyAsync(" " + text);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Post", Exact = true }).ClickAsync();
    }

    public async Task OpenAsync(string conversation) =>
        await Page.GetByRole(AriaRole.Treeitem, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex(conversation) }).First.ClickAsync();

    public async Task SaveCardScreenshotAsync(ILocator card, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
    }
}
