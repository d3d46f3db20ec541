using CooperationBot.Reports;

namespace CooperationBot.Tests.Domain;

public sealed class ReportRulesTests
{
    [Fact]
    public void Each_non_empty_line_is_one_item_with_bullets_and_spaces_removed()
    {
        var (content, errors) = ReportRules.Parse(new ReportForm("- 与华为合作\n\n  • 与茅台合作  \r\n", "1. 推进榆林示范区", " "), forSubmit: true);

        Assert.Empty(errors);
        Assert.Equal(["与华为合作", "与茅台合作"], content.Achievements);
        Assert.Equal(["1. 推进榆林示范区"], content.Priorities);
        Assert.Null(content.Remark);
    }

    [Fact]
    public void A_draft_may_be_incomplete_but_a_submission_needs_both_lists()
    {
        var form = new ReportForm("成果", string.Empty, string.Empty);

        Assert.Empty(ReportRules.Parse(form, forSubmit: false).Errors);
        Assert.Equal([new FieldError(ReportField.Priorities, ReportError.Required)], ReportRules.Parse(form, forSubmit: true).Errors);
    }

    [Fact]
    public void Limits_are_thirty_items_of_five_hundred_characters_and_twenty_kilobytes()
    {
        var thirty = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"item {i}"));
        var thirtyOne = thirty + "\nitem 31";

        Assert.Empty(ReportRules.Parse(new ReportForm(thirty, new string('x', 500), string.Empty), true).Errors);
        Assert.Contains(new FieldError(ReportField.Achievements, ReportError.TooManyItems, 30), ReportRules.Parse(new ReportForm(thirtyOne, "p", string.Empty), true).Errors);
        Assert.Contains(new FieldError(ReportField.Priorities, ReportError.ItemTooLong, 1), ReportRules.Parse(new ReportForm("a", new string('x', 501), string.Empty), true).Errors);
        Assert.Contains(new FieldError(ReportField.Remark, ReportError.TooLong, 2000), ReportRules.Parse(new ReportForm("a", "p", new string('x', 2001)), true).Errors);

        // 25 items of 300 Chinese characters are 22.5 KB of UTF-8.
        var large = string.Join('\n', Enumerable.Range(1, 25).Select(_ => new string('成', 300)));
        Assert.Contains(new FieldError(ReportField.Report, ReportError.ReportTooLarge, 20), ReportRules.Parse(new ReportForm(large, "p", string.Empty), true).Errors);
    }

    [Theory]
    [InlineData("-30% energy use per tonne", "-30% energy use per tonne")]
    [InlineData("--", "--")]
    [InlineData("-- 区间", "-- 区间")]
    [InlineData("**新型催化剂**", "**新型催化剂**")]
    [InlineData("*重点*项目", "*重点*项目")]
    [InlineData("•无空格的圆点", "•无空格的圆点")]
    [InlineData("－１５％　全角", "－１５％　全角")]
    [InlineData("- -30%", "-30%")]
    [InlineData("* **加粗**", "**加粗**")]
    [InlineData("• 与茅台合作", "与茅台合作")]
    [InlineData("· 与华为合作", "与华为合作")]
    [InlineData("・　全角空格之后", "全角空格之后")]
    [InlineData("  - 前面有空格  ", "前面有空格")]
    public void Only_one_list_marker_followed_by_a_space_is_removed_everything_else_is_kept(string line, string item)
    {
        var (content, _) = ReportRules.Parse(new ReportForm(line, string.Empty, string.Empty), forSubmit: false);

        Assert.Equal([item], content.Achievements);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D")]
    [InlineData("\uFEFF")]
    [InlineData("\u2060\u00AD")]
    [InlineData("\u3164")]
    [InlineData("\u3000\u00A0")]
    [InlineData("-")]
    [InlineData("- \u200B")]
    public void Lines_that_show_nothing_are_empty(string escaped)
    {
        var line = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var (content, errors) = ReportRules.Parse(new ReportForm(line, "重点", string.Empty), forSubmit: true);

        Assert.Empty(content.Achievements);
        Assert.Equal([new FieldError(ReportField.Achievements, ReportError.Required)], errors);
    }

    [Fact]
    public void A_remark_that_shows_nothing_is_no_remark()
    {
        Assert.Null(ReportRules.Parse(new ReportForm("成果", "重点", "\u200B\uFEFF \u3000"), forSubmit: true).Content.Remark);
        Assert.Equal("-", ReportRules.Parse(new ReportForm("成果", "重点", " - "), forSubmit: true).Content.Remark);
    }

    [Fact]
    public void Invisible_characters_inside_real_text_are_kept()
    {
        var (content, _) = ReportRules.Parse(new ReportForm("合​作", "👩‍🔬 科研", string.Empty), forSubmit: true);

        Assert.Equal(["合​作"], content.Achievements);
        Assert.Equal(["👩‍🔬 科研"], content.Priorities);
    }

    [Fact]
    public void Only_one_bullet_followed_by_a_space_is_a_list_marker()
    {
        var (content, _) = ReportRules.Parse(new ReportForm("-30%\n--\n**粗体**\n- - 嵌套\n*  星号", "p", string.Empty), forSubmit: true);

        Assert.Equal(["-30%", "--", "**粗体**", "- 嵌套", "星号"], content.Achievements);
    }
}
