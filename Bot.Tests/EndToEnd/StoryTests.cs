using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CooperationBot.Tests.EndToEnd;

[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection;

/// <summary>The whole follow-up story in Microsoft's Agents Playground, in headless Chromium, as a person would do it.</summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(EndToEndCollection))]
public sealed class StoryTests
{
    private static readonly string DocsImages = Infrastructure.RepoPaths.Combine("artifacts", "e2e", "readme");

    [Fact]
    public async Task A_contact_reports_updates_a_directive_and_an_organiser_gets_the_digest_that_survives_a_restart_in_chinese()
    {
        await using var environment = await StoryEnvironment.StartAsync("auto");
        var story = new Story(environment, "zh-CN");
        var page = story.Page;

        await story.StepAsync("report-card", async () =>
        {
            await story.OpenAsync("Personal Chat");
            await story.SendAsync("填报");
            await Expect(story.Card("大连化物所 — 2019年度成果 / 2020年度重点工作")).ToBeVisibleAsync();
        });

        await FirstImpressionsSteps.WelcomedOnceAsync(story);

        await story.StepAsync("submit-report", async () =>
        {
            var card = story.Card("大连化物所 — 2019年度成果 / 2020年度重点工作");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "2019年度主要成果（每行一项，至少一项）" }).FillAsync("与延长石油、中石油、华为、茅台建立战略合作\n谋划榆林国家能源革命创新示范区");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "2020年度重点工作（每行一项，至少一项）" }).FillAsync("推进榆林示范区建设");
            await story.SaveCardScreenshotAsync(card, Path.Combine(DocsImages, "report-card.png"));
            await card.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
            await Expect(story.Card("第1版")).ToContainTextAsync("与延长石油、中石油、华为、茅台建立战略合作");
        });

        await FirstImpressionsSteps.StaleWelcomeCardAnswersWithTheSummaryAsync(story);

        await story.StepAsync("directive-3-in-progress", async () =>
        {
            await story.SendAsync("任务");
            var card = story.Card("大连化物所 — 2020年度任务落实");
            await Expect(card).ToBeVisibleAsync();
            var section = card.Locator(".ac-container", new() { HasText = "任务3：" }).Last;
            await section.GetByRole(AriaRole.Combobox).First.ClickAsync();
            // The card's chart legend items are options too (the Playground draws charts); the open drop-down is the last.
            await page.GetByRole(AriaRole.Option, new() { Name = "进行中", Exact = true }).Filter(new() { Visible = true }).Last.ClickAsync();
            await section.GetByRole(AriaRole.Textbox, new() { Name = "进展说明（最多1000字）" }).FillAsync("已与鞍钢对接，共同梳理转型升级痛点");
            await card.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
            await Expect(story.Card("任务3 未开始 → 进行中")).ToBeVisibleAsync();
        });

        await FirstImpressionsSteps.DemoDirectivesNotOverdueAsync(story);

        await story.StepAsync("edit-report-revision-2", async () =>
        {
            var summary = story.Card("第1版");
            await summary.GetByRole(AriaRole.Button, new() { Name = "修改", Exact = true }).ClickAsync();
            var form = story.Card("大连化物所 — 2019年度成果 / 2020年度重点工作");
            var achievements = form.GetByRole(AriaRole.Textbox, new() { Name = "2019年度主要成果（每行一项，至少一项）" });
            await Expect(achievements).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("延长石油"));
            await achievements.FillAsync("与延长石油、中石油、华为、茅台建立战略合作\n谋划榆林国家能源革命创新示范区\n与辽宁省共建洁净能源创新研究院");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
            await Expect(story.Card("第2版")).ToContainTextAsync("与辽宁省共建洁净能源创新研究院");
        });

        await story.StepAsync("bind-channel", async () =>
        {
            await story.OpenAsync("General");
            await story.PostMentioningBotAsync("绑定本频道");
            await Expect(page.GetByText("的汇总将发布在本频道").Last).ToBeVisibleAsync();
        });

        await story.StepAsync("digest-in-channel", async () =>
        {
            await story.PostMentioningBotAsync("汇总");
            var digest = story.Card("跟进汇总");
            await Expect(digest).ToContainTextAsync("已提交 1/9 个单位");
            await Expect(digest).ToContainTextAsync("与延长石油、中石油、华为、茅台建立战略合作");
            await Expect(digest).ToContainTextAsync("进行中：大连化物所");

            // The Playground draws a chart only once it is in view, and animates it in: the whole card must fit the window.
            var window = story.Page.ViewportSize;
            await story.Page.SetViewportSizeAsync(window?.Width ?? 1280, 3000);
            await digest.ScrollIntoViewIfNeededAsync();
            await story.Page.WaitForTimeoutAsync(2000);
            await story.SaveCardScreenshotAsync(digest, Path.Combine(DocsImages, "digest.png"));
            if (window is not null)
            {
                await story.Page.SetViewportSizeAsync(window.Width, window.Height);
            }
        });

        // The digest's charts, as the Playground shows them.
        await story.StepAsync("digest-charts", async () =>
        {
            var digest = story.Card("跟进汇总");
            // The Playground draws the charts (legends and bar labels, not the chart titles), not their text fallbacks.
            await Expect(digest).ToContainTextAsync("已提交 1草稿 0未开始 8");
            await Expect(digest.GetByText("任务3", new() { Exact = true })).ToBeVisibleAsync();

            // The demo's dates are moved around today, so no bar counts anything overdue.
            await Expect(digest).Not.ToContainTextAsync("逾期");
            await Expect(digest).Not.ToContainTextAsync("填报进度：已提交 1/9 个单位");
        });

        await story.StepAsync("restart-and-refresh", async () =>
        {
            var digest = story.Card("跟进汇总");
            var before = await digest.GetByText("截至").First.InnerTextAsync();
            await environment.RestartBotAsync();
            await digest.GetByRole(AriaRole.Button, new() { Name = "刷新", Exact = true }).ClickAsync();
            var refreshed = story.Card("跟进汇总");
            await Expect(refreshed.GetByText("截至").First).Not.ToHaveTextAsync(before);
            await Expect(refreshed).ToContainTextAsync("已提交 1/9 个单位");
            await Expect(refreshed).ToContainTextAsync("进行中：大连化物所");
        });

        await story.StepAsync("committee-unit-card", async () =>
        {
            await story.OpenAsync("Personal Chat");
            await story.SendAsync("委员会");
            var committee = story.Card("委员会管理");
            await Expect(committee).ToContainTextAsync("金属所 — 金属所联络员");
            await committee.GetByRole(AriaRole.Button, new() { Name = "管理成员单位", Exact = true }).ClickAsync();
            await story.Card("成员单位（9个）").GetByRole(AriaRole.Button, new() { Name = "编辑金属所", Exact = true }).ClickAsync();
            var unit = story.Card("成员单位：金属所");
            await unit.GetByRole(AriaRole.Textbox, new() { Name = "电子邮件地址（UPN）" }).FillAsync("sun.lin@imr.example.org");
            await unit.GetByRole(AriaRole.Textbox, new() { Name = "显示姓名" }).FillAsync("孙林");
        });

        await story.StepAsync("committee-contact-added", async () =>
        {
            await story.Card("成员单位：金属所").GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
            var saved = story.Card("已由Alex Wilber于");
            await Expect(saved).ToContainTextAsync("孙林 <sun.lin@imr.example.org>");
            await saved.GetByRole(AriaRole.Button, new() { Name = "返回委员会", Exact = true }).ClickAsync();
            var card = story.Card("委员会管理");
            await Expect(card).ToContainTextAsync("金属所 — 金属所联络员、孙林");

            // The whole card in one picture: taller than the chat pane, so the page grows for the shot.
            await page.SetViewportSizeAsync(1280, 2400);
            await card.ScrollIntoViewIfNeededAsync();
            await story.SaveCardScreenshotAsync(card, Path.Combine(DocsImages, "committee-card.png"));
            await page.SetViewportSizeAsync(1280, 1000);
        });

        await ExportStory.OrganiserExportsAndTheDownloadOpensAsync(story);
    }

    [Fact]
    public async Task A_contact_reports_and_an_organiser_sees_it_in_the_digest_in_english()
    {
        await using var environment = await StoryEnvironment.StartAsync("auto");
        var story = new Story(environment, "en-US");

        await story.StepAsync("report-card", async () =>
        {
            await story.OpenAsync("Personal Chat");
            await story.SendAsync("report");
            await Expect(story.Card("DICP — 2019 achievements / 2020 priorities")).ToBeVisibleAsync();
        });

        await story.StepAsync("submit-report", async () =>
        {
            var card = story.Card("DICP — 2019 achievements / 2020 priorities");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "Achievements in 2019 (one per line, at least one)" }).FillAsync("Strategic partnership with Huawei\nPlanning the Yulin demonstration zone");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "Priorities for 2020 (one per line, at least one)" }).FillAsync("Build the Yulin zone");
            await card.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
            await Expect(story.Card("revision 1")).ToContainTextAsync("Strategic partnership with Huawei");
        });

        await story.StepAsync("digest-in-channel", async () =>
        {
            await story.OpenAsync("General");
            await story.PostMentioningBotAsync("use this channel");
            await Expect(story.Page.GetByText("will be posted in this channel").Last).ToBeVisibleAsync();
            await story.PostMentioningBotAsync("digest");
            var digest = story.Card("跟进汇总");
            await Expect(digest).ToContainTextAsync("已提交 1/9 个单位");
        });
    }
}
