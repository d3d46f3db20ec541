using CooperationBot.Reports;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Conversations;

public sealed class ReportConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static Dictionary<string, string> Typed(string achievements, string priorities, string remark = "") => new()
    {
        ["achievements"] = achievements,
        ["priorities"] = priorities,
        ["remark"] = remark,
    };

    [Theory]
    [InlineData("report")]
    [InlineData("填报")]
    [InlineData("  Report ")]
    public async Task Contact_asking_for_report_gets_the_card_of_their_unit_and_cycle(string command)
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, command)));

        var text = Cards.Text(card);
        Assert.Contains("大连化物所 — 2019年度成果 / 2020年度重点工作", text, StringComparison.Ordinal);
        Assert.NotNull(Cards.Input(card, "achievements"));
        Assert.NotNull(Cards.Input(card, "priorities"));
        Assert.NotNull(Cards.Input(card, "remark"));
        Assert.Equal(["保存草稿", "提交", "任务进展"], Cards.Actions(card).Select(a => (string)a["title"]!));
    }

    [Fact]
    public async Task Card_speaks_english_when_the_teams_client_is_english_and_chinese_by_default()
    {
        var english = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report", "en-US")));
        var unspecified = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report", null)));

        Assert.Contains("DICP — 2019 achievements / 2020 priorities", Cards.Text(english), StringComparison.Ordinal);
        Assert.Contains("Submit", Cards.Actions(english).Select(a => (string)a["title"]!));
        Assert.Contains("大连化物所", Cards.Text(unspecified), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_chinese_in_an_english_client_gets_chinese_and_the_clicked_card_keeps_its_language()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报", "en-US")));
        Assert.Contains("大连化物所 — 2019年度成果", Cards.Text(card), StringComparison.Ordinal);

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(card, "report.submit", Typed("成果", "重点")), locale: "en-US");

        Assert.Contains("第1版", Cards.Text(summary), StringComparison.Ordinal);
        Assert.Equal("zh-CN", (string?)Cards.Action(summary, "report.edit")["data"]!["lang"]);
    }

    [Fact]
    public async Task Submitting_replaces_the_card_with_a_summary_of_revision_one()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit",
            Cards.Submit(form, "report.submit", Typed("与延长石油建立战略合作\n- 谋划榆林能源革命示范区", "推进中石油合作项目")));

        var text = Cards.Text(summary);
        Assert.Contains("已由张联络于2020-06-01 10:00 (UTC+08:00)提交，第1版", text, StringComparison.Ordinal);
        Assert.Contains("• 与延长石油建立战略合作", text, StringComparison.Ordinal);
        Assert.Contains("• 谋划榆林能源革命示范区", text, StringComparison.Ordinal);
        Assert.Contains("• 推进中石油合作项目", text, StringComparison.Ordinal);
        Assert.Null(Cards.Input(summary, "achievements"));
        Assert.Equal("修改", (string?)Cards.Action(summary, "report.edit")["title"]);
    }

    [Fact]
    public async Task A_display_name_cannot_put_a_link_or_formatting_into_the_summary()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var tricky = TestUser.DicpContact with { Name = "[张联络](https://evil.example) **<at>all</at>**" };

        var summary = await bot.ExecuteAsync(tricky, "report.submit", Cards.Submit(form, "report.submit", Typed("成果", "重点")));

        Assert.Contains("已由张联络 atall/at于", Cards.Text(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_submitted_report_keeps_every_revision()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));

        var edit = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(summary, "report.edit"));
        Assert.Equal("成果一", Cards.InputValue(edit, "achievements"));
        bot.Clock.Advance(TimeSpan.FromHours(1));
        var second = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(edit, "report.submit", Typed("成果一\n成果二", "重点一")));

        Assert.Contains("第2版", Cards.Text(second), StringComparison.Ordinal);
        var revisions = await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None);
        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.Equal(["成果一"], revisions[0].Content.Achievements);
        Assert.Equal(["成果一", "成果二"], revisions[1].Content.Achievements);
    }

    [Fact]
    public async Task Asking_again_after_submitting_shows_the_summary_with_edit()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));

        var again = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.SecondDicpContact, "填报")));

        Assert.Contains("第1版", Cards.Text(again), StringComparison.Ordinal);
        Assert.NotNull(Cards.Action(again, "report.edit"));
    }

    [Fact]
    public async Task Saving_a_draft_keeps_the_text_without_submitting()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var saved = await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(form, "report.save", Typed("半成品", string.Empty)));

        Assert.Contains("草稿已由张联络", Cards.Text(saved), StringComparison.Ordinal);
        Assert.Equal("半成品", Cards.InputValue(saved, "achievements"));
        var reopened = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        Assert.Equal("半成品", Cards.InputValue(reopened, "achievements"));
        Assert.Equal(ReportStatus.Draft, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Submitting_without_achievements_returns_the_card_with_the_error_next_to_the_field_and_the_text_kept()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var back = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("  \n ", "推进中石油合作项目", "备注内容")));

        Assert.Equal("请至少填写一项。", (string?)Cards.After(back, "achievements")?["text"]);
        Assert.Equal("推进中石油合作项目", Cards.InputValue(back, "priorities"));
        Assert.Equal("备注内容", Cards.InputValue(back, "remark"));
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Over_limit_input_is_refused_and_the_saved_revision_is_untouched()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));
        var edit = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(summary, "report.edit"));
        var tooMany = string.Join('\n', Enumerable.Range(1, 31).Select(i => $"成果{i}"));
        var tooLong = "成果\n" + new string('长', 501);
        var tooBig = string.Join('\n', Enumerable.Range(1, 30).Select(_ => new string('大', 250)));

        var many = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(edit, "report.submit", Typed(tooMany, "重点一")));
        var longItem = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(edit, "report.submit", Typed("成果一", tooLong)));
        var big = await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(edit, "report.save", Typed(tooBig, "重点一")));

        Assert.Equal("最多填写30项。", (string?)Cards.After(many, "achievements")?["text"]);
        Assert.Equal(tooMany, Cards.InputValue(many, "achievements"));
        Assert.Equal("第2项超过500字，请精简。", (string?)Cards.After(longItem, "priorities")?["text"]);
        Assert.Contains("整份报告超过20 KB", Cards.Text(big), StringComparison.Ordinal);
        Assert.Equal(tooBig, Cards.InputValue(big, "achievements"));
        var stored = await bot.Reports.GetAsync("dicp", CancellationToken.None);
        Assert.Single(await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None));
        Assert.Null(stored.Draft);
        Assert.Equal(["成果一"], stored.Latest!.Content.Achievements);
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_stores_one_revision()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var data = Cards.Submit(form, "report.submit", Typed("成果一", "重点一"));

        await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", data, activityId: "teams-activity-42");
        var again = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", data, activityId: "teams-activity-42");

        Assert.Contains("第1版", Cards.Text(again), StringComparison.Ordinal);
        Assert.Single(await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None));
    }

    [Fact]
    public async Task A_card_naming_another_unit_is_refused_and_stores_nothing()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var forged = Cards.Submit(form, "report.submit", Typed("冒名成果", "冒名重点"));
        forged["unitId"] = "imr";

        var answer = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", forged);

        Assert.Contains("您不是该单位登记的联络人", Cards.Text(answer), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("imr", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_card_from_another_cycle_is_refused_and_stores_nothing()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var old = Cards.Submit(form, "report.submit", Typed("旧周期", "旧重点"));
        old["cycleId"] = "2018-2019";

        var answer = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", old);

        Assert.Contains("该卡片属于其他填报周期", Cards.Text(answer), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_contact_of_two_units_is_asked_which_unit_first()
    {
        var picker = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "report")));
        Assert.Equal(["金属所", "沈阳自动化所"], Cards.Actions(picker).Select(a => (string)a["title"]!));

        var sia = Cards.Actions(picker)[1];
        var form = await bot.ExecuteAsync(TestUser.TwoUnitContact, "report.open", (JObject)sia["data"]!);

        Assert.Contains("沈阳自动化所 — 2019年度成果", Cards.Text(form), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_no_contact_is_told_who_registers_contacts_and_gets_no_card()
    {
        var replies = await bot.SendAsync(BotHarness.Message(TestUser.Stranger, "report"));

        Assert.Empty(replies.OfType<IMessageActivity>().SelectMany(m => m.Attachments ?? []));
        var text = Cards.Texts(replies);
        Assert.Contains("联络人由组织方登记", text, StringComparison.Ordinal);
        Assert.Contains("马越红", text, StringComparison.Ordinal);
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_stranger_clicking_a_forwarded_card_changes_nothing()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));

        var answer = await bot.ExecuteAsync(TestUser.Stranger, "report.submit", Cards.Submit(form, "report.submit", Typed("外人", "外人")));

        Assert.Contains("您不是该单位登记的联络人", Cards.Text(answer), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.NotStarted, (await bot.Reports.GetAsync("dicp", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task When_another_contact_submitted_meanwhile_the_later_one_is_told_and_keeps_their_text()
    {
        var first = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var second = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.SecondDicpContact, "report")));
        await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(first, "report.submit", Typed("张的成果", "张的重点")));

        var conflict = await bot.ExecuteAsync(TestUser.SecondDicpContact, "report.submit", Cards.Submit(second, "report.submit", Typed("李的成果", "李的重点")));

        var text = Cards.Text(conflict);
        Assert.Contains("在您编辑期间，张联络", text, StringComparison.Ordinal);
        Assert.Contains("• 张的成果", text, StringComparison.Ordinal);
        Assert.Equal("李的成果", Cards.InputValue(conflict, "achievements"));
        Assert.Single(await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None));

        // Having seen the other version, submitting again is a deliberate choice and is stored.
        var resubmitted = await bot.ExecuteAsync(TestUser.SecondDicpContact, "report.submit", Cards.Submit(conflict, "report.submit"));
        Assert.Contains("第2版", Cards.Text(resubmitted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_organisers_close_reporting_edits_are_refused_with_the_text_kept()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));
        var edit = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", Cards.Submit(summary, "report.edit"));

        var closed = await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "关闭填报"));
        var refused = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(edit, "report.submit", Typed("迟到的修改", "重点一")));

        Assert.Contains("填报已关闭", Cards.Texts(closed), StringComparison.Ordinal);
        Assert.Contains("组织方已关闭", Cards.Text(refused), StringComparison.Ordinal);
        Assert.Equal("迟到的修改", Cards.InputValue(refused, "achievements"));
        var stored = await bot.Reports.GetAsync("dicp", CancellationToken.None);
        Assert.Equal(["成果一"], stored.Latest!.Content.Achievements);
        var afterClose = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        Assert.DoesNotContain(Cards.Actions(afterClose), a => (string?)a["verb"] is "report.edit" or "report.submit");

        await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "open reporting", "en-US"));
        var reopened = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report")));
        Assert.NotNull(Cards.Action(reopened, "report.edit"));
    }

    [Fact]
    public async Task Only_organisers_can_close_reporting()
    {
        var replies = await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "close reporting", "en-US"));

        Assert.Contains("Only organisers can do that. The organisers are: 马越红, 王联络兼组织.", Cards.Texts(replies), StringComparison.Ordinal);
        Assert.False((await bot.Reports.GetCycleAsync(CancellationToken.None)).Closed);
    }

    [Fact]
    public async Task Reports_are_only_filled_in_a_personal_chat()
    {
        var inChannel = BotHarness.Message(TestUser.DicpContact, "report");
        inChannel.Conversation.ConversationType = "channel";

        var replies = await bot.SendAsync(inChannel);

        Assert.Contains("“填报”需在与我的一对一私聊中使用", Cards.Texts(replies), StringComparison.Ordinal);
        Assert.Empty(replies.OfType<IMessageActivity>().SelectMany(m => m.Attachments ?? []));
    }

    [Fact]
    public async Task A_contact_who_installs_the_bot_is_welcomed_with_their_card()
    {
        var install = BotHarness.Message(TestUser.DicpContact, string.Empty);
        install.Type = ActivityTypes.ConversationUpdate;
        install.Text = null;
        install.MembersAdded = [new ChannelAccount("28:bot", "CooperationBot")];

        var replies = await bot.SendAsync(install);

        Assert.Contains("张联络，您好", Cards.Texts(replies), StringComparison.Ordinal);
        Assert.Contains("大连化物所", Cards.Text(Cards.Single(replies)), StringComparison.Ordinal);

        // Teams also sends installationUpdate for the same install: no second welcome.
        var installation = BotHarness.Message(TestUser.DicpContact, string.Empty);
        installation.Type = ActivityTypes.InstallationUpdate;
        installation.Action = "add";
        Assert.Empty(await bot.SendAsync(installation));
    }

    public void Dispose() => bot.Dispose();
}
