using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CooperationBot.Tests.EndToEnd;

/// <summary>
/// Story steps for what a new user sees first (issue 16), kept apart from the main story so other steps
/// merge easily. The Playground announces the install twice (installationUpdate en-US, conversationUpdate
/// without a locale): the welcome comes once, in the installationUpdate's English.
/// </summary>
public static class FirstImpressionsSteps
{
    private const string EnglishCard = "DICP — 2019 achievements / 2020 priorities";

    /// <summary>Right after the first `填报`: one welcome, one welcome card, both in the install event's language.</summary>
    public static Task WelcomedOnceAsync(Story story) => story.StepAsync("welcomed-once", async () =>
    {
        // The whole sentence: the log panel shows only its beginning.
        await Expect(story.Page.GetByText("Hello Alex Wilber! I am the follow-up assistant of the CAS Shenyang Branch 2020 Academy–Locality Cooperation Committee Meeting.")).ToHaveCountAsync(1);
        await Expect(story.Page.Locator(".ac-adaptiveCard", new PageLocatorOptions { HasText = EnglishCard })).ToHaveCountAsync(1);
    });

    /// <summary>After submitting from the `填报` card: the welcome's card no longer acts, it answers with the current summary.</summary>
    public static Task StaleWelcomeCardAnswersWithTheSummaryAsync(Story story) => story.StepAsync("stale-welcome-card", async () =>
    {
        var welcome = story.Card(EnglishCard);
        await welcome.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var answer = story.Card("This card was out of date");
        await Expect(answer).ToContainTextAsync("revision 1");
        await Expect(answer.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
    });

    /// <summary>In demo mode the sample's dates are moved around today: the directives are not overdue.</summary>
    public static Task DemoDirectivesNotOverdueAsync(Story story) => story.StepAsync("demo-not-overdue", async () =>
    {
        await Expect(story.Card("大连化物所 — 2020年度任务落实")).Not.ToContainTextAsync("已逾期");
    });
}
