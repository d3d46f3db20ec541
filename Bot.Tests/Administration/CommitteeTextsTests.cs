using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;

namespace CooperationBot.Tests.Administration;

/// <summary>Words the cards look up by code (history fields, schedule days, follow-up statuses) exist in both languages.</summary>
public sealed class CommitteeTextsTests
{
    public static TheoryData<string> Keys()
    {
        var keys = typeof(CommitteeFields).GetFields().Where(f => f.IsLiteral).Select(f => "CommitteeField_" + f.GetRawConstantValue())
            .Concat(Enum.GetNames<DigestDay>().Where(d => d != nameof(DigestDay.Custom)).Select(d => "Schedule_Day_" + d))
            .Concat(Enum.GetNames<FollowUpStatus>().Select(s => "FollowUp_Status_" + s));
        return new TheoryData<string>(keys);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_word_looked_up_by_code_exists_in_chinese_and_english(string key)
    {
        var zh = new Texts(CultureInfo.GetCultureInfo("zh-CN"))[key];
        var en = new Texts(CultureInfo.GetCultureInfo("en-US"))[key];

        Assert.NotEqual(zh, en);
        Assert.Contains(zh, c => c is >= '\u4e00' and <= '\u9fff');
    }
}
