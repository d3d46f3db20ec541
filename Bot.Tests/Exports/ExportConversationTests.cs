using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Exports;

/// <summary>`export` / `导出` and the export button on the digest, through the real handler.</summary>
public sealed class ExportConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    [Fact]
    public async Task An_organiser_asks_for_an_export_picks_the_cycle_and_gets_download_buttons_for_word_and_excel()
    {
        var offer = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "导出")));
        Assert.Contains("填报周期：2019年度成果及2020年度重点工作报告", Cards.Text(offer), StringComparison.Ordinal);
        var create = Assert.Single(offer["actions"]!, a => (string?)a["verb"] == "export.create");

        var ready = await bot.ExecuteAsync(TestUser.Organiser, "export.create", (JObject)create["data"]!);

        var text = Cards.Text(ready);
        Assert.Contains("会议材料已生成 — 2019年度成果及2020年度重点工作报告", text, StringComparison.Ordinal);
        Assert.Contains("会议材料汇编-2019-2020.docx", text, StringComparison.Ordinal);
        Assert.Contains("会议材料汇编-2019-2020.xlsx", text, StringComparison.Ordinal);
        Assert.Contains("下载链接在 2020-06-01 10:10 (UTC+08:00) 前有效", text, StringComparison.Ordinal);
        var buttons = ready["actions"]!.Select(a => ((string?)a["type"], (string?)a["title"], (string?)a["url"])).ToList();
        Assert.Equal([("Action.OpenUrl", "下载 Word"), ("Action.OpenUrl", "下载 Excel")], buttons.Select(b => (b.Item1, b.Item2)));
        Assert.All(buttons, b => Assert.Matches(@"^http://127\.0\.0\.1:3978/exports/\d{14}-[0-9a-f]{32}/(docx|xlsx)\?expires=\d+&sig=[A-Za-z0-9_-]{43}$", b.Item3));
    }

    [Fact]
    public async Task The_export_is_in_english_for_an_organiser_typing_english_but_the_files_stay_in_the_committees_language()
    {
        var offer = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "export", "en-US")));

        var ready = await bot.ExecuteAsync(TestUser.Organiser, "export.create", new JObject { ["cycleId"] = "2019-2020", ["lang"] = "en-US" }, locale: "en-US");

        Assert.Contains("Meeting materials", Cards.Text(offer), StringComparison.Ordinal);
        Assert.Contains("Meeting materials are ready", Cards.Text(ready), StringComparison.Ordinal);
        Assert.Contains("会议材料汇编-2019-2020.docx", Cards.Text(ready), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_asking_for_an_export_is_told_only_organisers_can_and_who_they_are()
    {
        var reply = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "导出")));

        Assert.Equal("只有组织方可以执行此操作。组织方为：马越红、王联络兼组织。", reply);
    }

    [Fact]
    public async Task A_contact_sending_the_create_action_gets_no_files()
    {
        var card = await bot.ExecuteAsync(TestUser.DicpContact, "export.create", new JObject { ["cycleId"] = "2019-2020" });

        Assert.Contains("只有组织方可以执行此操作", Cards.Text(card), StringComparison.Ordinal);
        Assert.Null(card["actions"]);
    }

    [Fact]
    public async Task The_button_on_the_committee_card_shows_the_export_card_in_its_place_for_organisers_only()
    {
        var organiser = await bot.ExecuteAsync(TestUser.Organiser, "export.offer", []);
        var contact = await bot.ExecuteAsync(TestUser.DicpContact, "export.offer", []);

        Assert.Contains(organiser["actions"]!, a => (string?)a["verb"] == "export.create");
        Assert.Contains("只有组织方可以执行此操作", Cards.Text(contact), StringComparison.Ordinal);
        Assert.Null(contact["actions"]);
    }

    [Fact]
    public void With_earlier_cycles_the_organiser_chooses_one_and_the_current_cycle_is_preselected()
    {
        var title = new CooperationBot.Committees.LocalizedText("会议", "Meeting");
        var card = CooperationBot.Teams.Exports.ExportCards.Offer(
            new CooperationBot.Localization.Texts(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")),
            [new("2019-2020", 2019, 2020, true, title, null, null), new("2018-2019", 2018, 2019, false, title, null, null)]);

        var choice = Cards.Input(card, "cycleId")!;
        Assert.Equal("2019-2020", (string?)choice["value"]);
        Assert.Equal(
            ["2019年度成果及2020年度重点工作报告（当前）", "2018年度成果及2019年度重点工作报告"],
            choice["choices"]!.Select(c => (string?)c["title"]));
    }

    [Fact]
    public async Task An_unknown_cycle_brings_the_choice_back_with_a_note()
    {
        var card = await bot.ExecuteAsync(TestUser.Organiser, "export.create", new JObject { ["cycleId"] = "1999-2000" });

        Assert.Contains("无法导出该周期", Cards.Text(card), StringComparison.Ordinal);
        Assert.Contains(card["actions"]!, a => (string?)a["verb"] == "export.create");
    }

    [Fact]
    public async Task The_digest_button_sends_the_export_card_to_the_organisers_personal_chat_not_into_the_channel()
    {
        await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "帮助")); // the personal chat exists now

        var replies = await bot.SendAsync(InChannel(BotHarness.CardAction(TestUser.Organiser, "export.fromDigest", new JObject { ["digestId"] = "d-1" })));

        var offer = Assert.Single(replies.OfType<IMessageActivity>(), m => m.Type == ActivityTypes.Message);
        Assert.Equal("a:" + TestUser.Organiser.AadObjectId, offer.Conversation.Id);
        Assert.Contains("导出会议材料", Cards.Text(Cards.Single([offer])), StringComparison.Ordinal);
        Assert.Contains("马越红，导出卡片已发送到您与机器人的私聊中。", Cards.Text(InvokeCard(replies)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_digest_button_tells_an_organiser_without_a_personal_chat_to_open_one_and_a_contact_that_only_organisers_may()
    {
        var organiser = await bot.SendAsync(InChannel(BotHarness.CardAction(TestUser.Organiser, "export.fromDigest", new JObject { ["digestId"] = "d-1" })));
        var contact = await bot.SendAsync(InChannel(BotHarness.CardAction(TestUser.DicpContact, "export.fromDigest", new JObject { ["digestId"] = "d-1" })));

        Assert.Contains("请先打开与机器人的私聊", Cards.Text(InvokeCard(organiser)), StringComparison.Ordinal);
        Assert.Contains("只有组织方可以执行此操作。组织方为：马越红、王联络兼组织。", Cards.Text(InvokeCard(contact)), StringComparison.Ordinal);
        Assert.DoesNotContain(organiser.Concat(contact), r => r.Type == ActivityTypes.Message);
    }

    private static Activity InChannel(Activity activity)
    {
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2;messageid=1", tenantId: "tenant-1");
        return activity;
    }

    private static JObject InvokeCard(IReadOnlyList<IActivity> replies)
    {
        var response = (Microsoft.Bot.Builder.InvokeResponse)((Activity)Assert.Single(replies, r => r.Type == "invokeResponse")).Value;
        return (JObject)JObject.FromObject(response.Body)["value"]!;
    }

    public void Dispose() => bot.Dispose();
}
