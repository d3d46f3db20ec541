using System.Globalization;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.Digests;
using CooperationBot.Tests.Conversations;

namespace CooperationBot.Tests.Reporting;

/// <summary>What a contact typed is what is stored, shown on the card and put into the digest.</summary>
public sealed class TypedTextTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static Dictionary<string, string> Typed(string achievements, string priorities, string remark = "") => new()
    {
        ["achievements"] = achievements,
        ["priorities"] = priorities,
        ["remark"] = remark,
    };

    [Fact]
    public async Task Negative_numbers_ranges_emphasis_and_full_width_text_are_kept_exactly_on_the_card_in_the_store_and_in_the_digest()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var typed = "-30% energy use per tonne\n--\n**新型催化剂**\n－１５％　全角减排\n・ 与茅台合作\n- -5 °C 低温启动\n*斜体* 与 __下划线__";

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed(typed, "· 推进中石油合作项目\n~~删除线~~")));

        string[] expected = ["-30% energy use per tonne", "--", "**新型催化剂**", "－１５％　全角减排", "与茅台合作", "-5 °C 低温启动", "*斜体* 与 __下划线__"];
        var stored = (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Latest!.Content;
        Assert.Equal(expected, stored.Achievements);
        Assert.Equal(["推进中石油合作项目", "~~删除线~~"], stored.Priorities);

        var text = Cards.Text(summary);
        foreach (var item in expected)
        {
            Assert.Contains("• " + item + "\n", text + "\n", StringComparison.Ordinal);
        }

        var edit = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(summary, "report.edit"));
        Assert.Equal(string.Join('\n', expected), Cards.InputValue(edit, "achievements"));

        var digest = await bot.Get<DigestService>().PrepareAsync(CancellationToken.None);
        var digestText = Cards.Text(DigestCards.Build(new Texts(CultureInfo.GetCultureInfo("zh-CN")), digest, "d-1")[0]);
        Assert.Contains("-30% energy use per tonne", digestText, StringComparison.Ordinal);
        Assert.Contains("推进中石油合作项目", digestText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_made_only_of_invisible_characters_is_empty_and_is_not_submitted()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var back = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit",
            Cards.Submit(form, "report.submit", Typed("\u200B\n\u200B\u200B", "\uFEFF\u2060\n\u3164", "\u200B")));

        Assert.Equal("请至少填写一项。", (string?)Cards.After(back, "achievements")?["text"]);
        Assert.Equal("请至少填写一项。", (string?)Cards.After(back, "priorities")?["text"]);
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    public void Dispose() => bot.Dispose();
}
