using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Access;

/// <summary>
/// Finding 10 of the security review: names and organiser-typed text rendered as markdown. Whatever
/// people typed is shown literally, in every card and message.
/// </summary>
public sealed class LiteralTextTests : IDisposable
{
    private const string Hostile = "**加粗** [点我](https://evil.example)\n- 列表 ~~删除~~";

    private readonly BotHarness bot = new();

    /// <summary>Elements Teams reads as markdown (TextBlocks) that contain the text.</summary>
    private static List<JObject> MarkdownHolders(JObject card, string text) =>
        card.Descendants().OfType<JObject>()
            .Where(o => (string?)o["type"] == "TextBlock" && ((string?)o["text"])?.Contains(text, StringComparison.Ordinal) == true)
            .ToList();

    [Fact]
    public async Task A_display_name_with_line_breaks_strike_through_and_links_becomes_one_plain_line()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var tricky = TestUser.DicpContact with { Name = "张联络\n\n# 已全部完成\r\n~~删除~~ https://evil.example www.evil.example" };

        var summary = await bot.ExecuteAsync(tricky, "report.submit", Cards.Submit(form, "report.submit", new Dictionary<string, string>
        {
            ["achievements"] = "成果",
            ["priorities"] = "重点",
        }));

        Assert.Contains("已由张联络 已全部完成 删除于", Cards.Text(summary), StringComparison.Ordinal);
        Assert.Equal("张联络 已全部完成 删除", (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Latest!.SubmittedByName);
        Assert.DoesNotContain("evil", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directive_text_an_organiser_typed_is_never_read_as_markdown()
    {
        var overview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));
        var form = await bot.ExecuteAsync(TestUser.Organiser, "directives.define", (JObject)Cards.Action(overview, "directives.define")["data"]!);
        await bot.ExecuteAsync(TestUser.Organiser, "directives.saveDefinition", Cards.Submit(form, "directives.saveDefinition", new Dictionary<string, string>
        {
            ["textZh"] = Hostile,
            ["textEn"] = Hostile,
            ["owners"] = "dicp",
            ["dueDate"] = "2020-12-31",
        }));

        var newOverview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));
        var unitCard = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));

        foreach (var card in new[] { newOverview, unitCard })
        {
            Assert.Contains("[点我](https://evil.example)", Cards.Text(card), StringComparison.Ordinal);
            Assert.Empty(MarkdownHolders(card, "evil.example"));
        }
    }

    [Fact]
    public async Task Messages_show_echoed_words_and_names_as_typed()
    {
        var history = await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "history **全部** [x](https://evil.example)"));
        var refusal = await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "提醒"));
        var help = await bot.SendAsync(BotHarness.Message(TestUser.Stranger, "help"));

        var messages = history.Concat(refusal).Concat(help).OfType<IMessageActivity>().ToList();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal(TextFormatTypes.Plain, m.TextFormat));
        Assert.Contains("**全部** [x](https://evil.example)", messages[0].Text, StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}
