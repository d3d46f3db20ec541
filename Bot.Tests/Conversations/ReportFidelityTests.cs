using System.Globalization;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.Digests;

namespace CooperationBot.Tests.Conversations;

/// <summary>What a unit typed is what is stored and shown: only an evident list marker is removed.</summary>
public sealed class ReportFidelityTests : IDisposable
{
    private readonly BotHarness bot = new();

    public static TheoryData<string, string> Lines => new()
    {
        { "-30% energy use per tonne", "-30% energy use per tonne" },
        { "--", "--" },
        { "2019--2020 联合攻关", "2019--2020 联合攻关" },
        { "**新型催化剂**", "**新型催化剂**" },
        { "*强调* 的成果", "*强调* 的成果" },
        { "- 与华为合作", "与华为合作" },
        { "• - 负增长10%", "- 负增长10%" },
        { "・　全角空格后的成果", "全角空格后的成果" },
        { "－30％能耗（全角）", "－30％能耗（全角）" },
        { "𠀀字（扩展B）", "𠀀字（扩展B）" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task A_typed_line_is_stored_shown_on_the_card_and_in_the_digest_as_typed(string typed, string kept)
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", new()
        {
            ["achievements"] = typed,
            ["priorities"] = "推进合作",
            ["remark"] = string.Empty,
        }));

        Assert.Contains(kept, Cards.Text(summary).Split('\n').Select(l => l.TrimStart('•', ' ')));
        var stored = await bot.Reports.GetAsync("dicp", CancellationToken.None);
        Assert.Equal([kept], stored.Latest!.Content.Achievements);
        var digest = await bot.Get<DigestService>().PrepareAsync(CancellationToken.None);
        var card = DigestCards.Build(new Texts(CultureInfo.GetCultureInfo("zh-CN")), digest, "d-1")[0];
        Assert.Contains(kept, Cards.Text(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_of_invisible_characters_only_is_empty_and_cannot_be_submitted()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var card = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", new()
        {
            ["achievements"] = "\u200B\u200B",
            ["priorities"] = "\u200B\n\uFEFF\u2060",
            ["remark"] = "\u200B",
        }));

        Assert.NotNull(Cards.Input(card, "achievements"));
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    public void Dispose() => bot.Dispose();
}
