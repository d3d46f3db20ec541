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

    [Fact]
    public void Only_one_bullet_followed_by_a_space_is_a_list_marker()
    {
        var (content, _) = ReportRules.Parse(new ReportForm("-30%\n--\n**粗体**\n- - 嵌套\n*  星号", "p", string.Empty), forSubmit: true);

        Assert.Equal(["-30%", "--", "**粗体**", "- 嵌套", "星号"], content.Achievements);
    }
}
