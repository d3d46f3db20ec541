using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Scheduling;
using CooperationBot.Tests.Conversations;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Administration;

/// <summary>Organisers run the committee in Teams cards: each card through TestAdapter, as Teams sends it.</summary>
public sealed class CommitteeConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static TestUser NewPerson { get; } = new("aad-new-person", "钱新人");

    private CommitteeRepository Repository => bot.Get<CommitteeRepository>();

    /// <summary>The card's text as read: a text block per line, the runs of one rich text block together.</summary>
    private static string Readable(JObject card) => string.Join("\n", card.Descendants().OfType<JObject>()
        .Where(o => (string?)o["type"] is "TextBlock" or "RichTextBlock")
        .Select(o => (string?)o["type"] == "TextBlock" ? (string?)o["text"] : string.Concat(o["inlines"]!.Select(r => (string?)r["text"]))));

    private async Task<JObject> CommitteeCardAsync(TestUser user) => Cards.Single(await bot.SendAsync(BotHarness.Message(user, "委员会")));

    /// <summary>Clicks the button with this title, sending the card's inputs with <paramref name="typed"/> changes, as Teams does.</summary>
    private async Task<JObject> ClickAsync(TestUser user, JObject card, string title, Dictionary<string, string>? typed = null)
    {
        var action = Assert.Single(Cards.Actions(card), a => (string?)a["title"] == title);
        var data = (JObject)action["data"]!.DeepClone();
        foreach (var input in card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            var id = (string)input["id"]!;
            data[id] = typed is not null && typed.TryGetValue(id, out var value) ? value : (string?)input["value"] ?? string.Empty;
        }

        return await bot.ExecuteAsync(user, (string)action["verb"]!, data);
    }

    private async Task<JObject> UnitCardAsync(TestUser user, string shortName)
    {
        var units = await ClickAsync(user, await CommitteeCardAsync(user), "管理成员单位");
        return await ClickAsync(user, units, "编辑" + shortName);
    }

    [Fact]
    public async Task An_organiser_typing_committee_gets_every_part_of_the_committee_on_one_card()
    {
        var text = Cards.Text(await CommitteeCardAsync(TestUser.Organiser));

        Assert.Contains("委员会管理 — 中国科学院沈阳分院2020年度院地合作委员会工作会议", text, StringComparison.Ordinal);
        Assert.Contains("2020-05-14召开，主持：韩恩厚", text, StringComparison.Ordinal);
        Assert.Contains("当前填报：2019年度成果 / 2020年度重点工作", text, StringComparison.Ordinal);
        Assert.Contains("截止日期 2020-06-30 · 时区 Asia/Shanghai", text, StringComparison.Ordinal);
        Assert.Contains("马越红、王联络兼组织", text, StringComparison.Ordinal);
        Assert.Contains("大连化物所 — 张联络、李联络、王联络兼组织", text, StringComparison.Ordinal);
        Assert.Contains("汇总：每周一 09:00。 提醒：截止前7、3、1天。", text, StringComparison.Ordinal);
        Assert.Contains("1. 把我院发展与地方发展有机结合起来。", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aad-dicp-1")]
    [InlineData("aad-stranger")]
    public async Task Someone_who_is_not_an_organiser_gets_no_committee_card_and_is_told_who_the_organisers_are(string aadObjectId)
    {
        var replies = await bot.SendAsync(BotHarness.Message(new TestUser(aadObjectId, "某人"), "committee", "en-US"));

        Assert.Empty(replies.OfType<Microsoft.Bot.Schema.IMessageActivity>().SelectMany(m => m.Attachments ?? []));
        Assert.Contains("Only organisers can do that. The organisers are: 马越红, 王联络兼组织.", Cards.Texts(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_committee_card_action_from_a_contact_is_refused_whatever_the_card_data_says_and_nothing_changes()
    {
        var meeting = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑会议信息");
        var forged = Cards.Submit(meeting, "committee.meeting.save", new() { ["titleZh"] = "被篡改的会议" });
        forged["organiser"] = "aad-organiser";

        var card = await bot.ExecuteAsync(TestUser.DicpContact, "committee.meeting.save", forged);

        Assert.Contains("只有组织方可以执行此操作", Cards.Text(card), StringComparison.Ordinal);
        Assert.Equal("中国科学院沈阳分院2020年度院地合作委员会工作会议", (await Repository.GetStoredAsync(CancellationToken.None)).Meeting.Title.Zh);
    }

    [Fact]
    public async Task An_empty_title_comes_back_with_the_error_next_to_the_field_and_what_was_typed_kept()
    {
        var meeting = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑会议信息");

        var card = await ClickAsync(TestUser.Organiser, meeting, "保存", new() { ["titleZh"] = "  ", ["chairZh"] = "新主持人" });

        Assert.Equal("请填写此项。", (string?)Cards.After(card, "titleZh")?["text"]);
        Assert.Equal("新主持人", Cards.InputValue(card, "chairZh"));
        Assert.Contains("尚未保存", Cards.Text(card), StringComparison.Ordinal);
        Assert.Equal("韩恩厚", (await Repository.GetStoredAsync(CancellationToken.None)).Meeting.Chair.Zh);
    }

    [Fact]
    public async Task A_saved_meeting_says_who_saved_it_and_the_committee_card_shows_the_change()
    {
        var meeting = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑会议信息");

        var saved = await ClickAsync(TestUser.Organiser, meeting, "保存", new() { ["meetingDate"] = "2020-05-15" });

        Assert.Contains("已由马越红于2020-06-01 10:00 (UTC+08:00)保存。", Cards.Text(saved), StringComparison.Ordinal);
        Assert.Contains("2020-05-15召开", Cards.Text(await CommitteeCardAsync(TestUser.ContactAndOrganiser)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_edit_of_the_same_part_is_told_who_changed_what_and_keeps_the_typed_text()
    {
        var mine = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑会议信息");
        var theirs = await ClickAsync(TestUser.ContactAndOrganiser, await CommitteeCardAsync(TestUser.ContactAndOrganiser), "编辑会议信息");
        await ClickAsync(TestUser.ContactAndOrganiser, theirs, "保存", new() { ["titleZh"] = "2020年度院地合作委员会会议（修订）" });

        var card = await ClickAsync(TestUser.Organiser, mine, "保存", new() { ["chairZh"] = "韩恩厚院士" });

        var text = Cards.Text(card);
        Assert.Contains("王联络兼组织于2020-06-01 10:00 (UTC+08:00)修改了此部分", text, StringComparison.Ordinal);
        Assert.Contains("会议名称（中文）：中国科学院沈阳分院2020年度院地合作委员会工作会议 → 2020年度院地合作委员会会议（修订）", text, StringComparison.Ordinal);
        Assert.Equal("韩恩厚院士", Cards.InputValue(card, "chairZh"));
        var stored = await Repository.GetStoredAsync(CancellationToken.None);
        Assert.Equal(("2020年度院地合作委员会会议（修订）", "韩恩厚"), (stored.Meeting.Title.Zh, stored.Meeting.Chair.Zh));

        // Saving again is now a deliberate choice over theirs.
        await ClickAsync(TestUser.Organiser, card, "保存");
        Assert.Equal("韩恩厚院士", (await Repository.GetStoredAsync(CancellationToken.None)).Meeting.Chair.Zh);
    }

    [Fact]
    public async Task Two_organisers_editing_different_parts_at_once_both_keep_their_change()
    {
        var meeting = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑会议信息");
        var schedule = await ClickAsync(TestUser.ContactAndOrganiser, await CommitteeCardAsync(TestUser.ContactAndOrganiser), "编辑自动发送");

        await Task.WhenAll(
            ClickAsync(TestUser.Organiser, meeting, "保存", new() { ["chairZh"] = "新主持人" }),
            ClickAsync(TestUser.ContactAndOrganiser, schedule, "保存", new() { ["digestDay"] = "Friday", ["digestTime"] = "17:30" }));

        var stored = await Repository.GetStoredAsync(CancellationToken.None);
        Assert.Equal("新主持人", stored.Meeting.Chair.Zh);
        Assert.Equal("30 17 * * FRI", stored.Schedule.DigestCron);
    }

    [Fact]
    public async Task A_contact_picked_in_the_people_picker_gets_their_units_report_card()
    {
        var imr = await UnitCardAsync(TestUser.Organiser, "金属所");
        Assert.Equal("graph.microsoft.com/users", (string?)Cards.Input(imr, "people")?["choices.data"]?["dataset"]);

        // Nobody knows the picked person's name yet: the organiser is asked for it, the pick is kept.
        var unnamed = await ClickAsync(TestUser.Organiser, imr, "保存", new() { ["people"] = NewPerson.AadObjectId });
        Assert.Contains("未能查到所选人员的姓名", (string?)Cards.After(unnamed, "people")?["text"], StringComparison.Ordinal);
        Assert.Equal(NewPerson.AadObjectId, Cards.InputValue(unnamed, "people"));

        var saved = await ClickAsync(TestUser.Organiser, unnamed, "保存", new() { ["personName"] = NewPerson.Name });

        Assert.Contains("钱新人", Cards.Text(saved), StringComparison.Ordinal);
        var report = Cards.Single(await bot.SendAsync(BotHarness.Message(NewPerson, "填报")));
        Assert.Contains("金属所 — 2019年度成果 / 2020年度重点工作", Cards.Text(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_typed_by_email_is_listed_with_the_address_and_a_bad_address_is_refused_next_to_the_field()
    {
        var imr = await UnitCardAsync(TestUser.Organiser, "金属所");
        var bad = await ClickAsync(TestUser.Organiser, imr, "保存", new() { ["address"] = "not an address", ["personName"] = "孙联络" });
        Assert.Equal("这不是有效的电子邮件地址（name@domain）。", (string?)Cards.After(bad, "address")?["text"]);
        Assert.Equal("孙联络", Cards.InputValue(bad, "personName"));

        var saved = await ClickAsync(TestUser.Organiser, bad, "保存", new() { ["address"] = "sun@imr.example.org" });

        Assert.Contains("孙联络 <sun@imr.example.org>", Cards.Text(saved), StringComparison.Ordinal);
        var contacts = (await Repository.GetStoredAsync(CancellationToken.None)).FindUnit("imr")!.Contacts;
        Assert.Contains(new Person("孙联络", null, "sun@imr.example.org"), contacts);
    }

    [Fact]
    public async Task A_new_unit_takes_part_at_once_in_reports_and_digests()
    {
        var form = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "新增单位");

        var added = await ClickAsync(TestUser.Organiser, form, "添加单位", new()
        {
            ["shortNameZh"] = "沈阳生态所",
            ["shortNameEn"] = "IAE",
            ["fullNameZh"] = "中国科学院沈阳应用生态研究所",
            ["fullNameEn"] = "Institute of Applied Ecology",
            ["newUnitId"] = "iae",
            ["people"] = TestUser.DicpContact.AadObjectId,
        });

        Assert.Contains("已添加沈阳生态所", Cards.Text(added), StringComparison.Ordinal);
        Assert.Contains("张联络", Cards.Text(added), StringComparison.Ordinal);
        var picker = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        Assert.Equal(["大连化物所", "沈阳生态所"], Cards.Actions(picker).Select(a => (string)a["title"]!));
        var digest = await bot.Get<DigestService>().PrepareAsync(CancellationToken.None);
        Assert.Equal(["dicp", "imr", "sia", "iae"], digest.Units.Select(u => u.Unit.Id));
    }

    [Fact]
    public async Task A_duplicate_unit_name_is_refused_naming_the_unit_that_has_it()
    {
        var form = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "新增单位");

        var card = await ClickAsync(TestUser.Organiser, form, "添加单位", new()
        {
            ["shortNameZh"] = "金属所",
            ["shortNameEn"] = "IMR2",
            ["fullNameZh"] = "另一个金属所",
            ["fullNameEn"] = "Another",
        });

        Assert.Equal("该名称已被金属所使用。", (string?)Cards.After(card, "shortNameZh")?["text"]);
        Assert.Equal(3, (await Repository.GetStoredAsync(CancellationToken.None)).Units.Count);
    }

    [Fact]
    public async Task Moving_a_unit_up_changes_the_order_everywhere()
    {
        var units = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "管理成员单位");
        var sia = Assert.Single(Cards.Actions(units), a => (string?)a["verb"] == "committee.units.up" && (string?)a["data"]!["unitId"] == "sia");

        var moved = await bot.ExecuteAsync(TestUser.Organiser, "committee.units.up", (JObject)sia["data"]!);

        Assert.Contains("1. 大连化物所\n", Cards.Text(moved) + "\n", StringComparison.Ordinal);
        Assert.Contains("2. 沈阳自动化所", Cards.Text(moved), StringComparison.Ordinal);
        var picker = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "填报")));
        Assert.Equal(["沈阳自动化所", "金属所"], Cards.Actions(picker).Select(a => (string)a["title"]!));
    }

    [Fact]
    public async Task A_retired_unit_leaves_cards_digests_reminders_and_directive_owners_but_keeps_its_report_and_history()
    {
        var picker = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "填报")));
        var sia = await bot.ExecuteAsync(TestUser.TwoUnitContact, "report.open", (JObject)Assert.Single(Cards.Actions(picker), a => (string?)a["title"] == "沈阳自动化所")["data"]!);
        await bot.ExecuteAsync(TestUser.TwoUnitContact, "report.submit", Cards.Submit(sia, "report.submit", new() { ["achievements"] = "机器人成果", ["priorities"] = "机器人重点" }));

        var retired = await ClickAsync(TestUser.Organiser, await UnitCardAsync(TestUser.Organiser, "沈阳自动化所"), "撤销此单位");

        Assert.Contains("已撤销沈阳自动化所", Cards.Text(retired), StringComparison.Ordinal);
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "填报")));
        Assert.Contains("金属所 — 2019年度成果", Cards.Text(card), StringComparison.Ordinal);
        Assert.DoesNotContain((await bot.Get<DigestService>().PrepareAsync(CancellationToken.None)).Units, u => u.Unit.Id == "sia");
        Assert.Contains("已向尚未提交的 2 个单位", Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "提醒"))), StringComparison.Ordinal);
        var overview = Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务"))));
        Assert.DoesNotContain("沈阳自动化所", overview, StringComparison.Ordinal);

        // Kept: the report (read-only, in the cycle's list) and the history of the change.
        var cycle = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "往年填报 2019-2020")));
        Assert.Contains("沈阳自动化所（已撤销）", Cards.Text(cycle), StringComparison.Ordinal);
        var report = await ClickAsync(TestUser.Organiser, cycle, "查看沈阳自动化所");
        Assert.Contains("• 机器人成果", Cards.Text(report), StringComparison.Ordinal);
        Assert.DoesNotContain(Cards.Actions(report), a => (string?)a["verb"] == "report.edit");
        var history = Readable(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "历史 委员会"))));
        Assert.Contains("沈阳自动化所 · 撤销单位：沈阳自动化所 → —", history, StringComparison.Ordinal);

        // Reinstated, it takes part again.
        var units = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "管理成员单位");
        await ClickAsync(TestUser.Organiser, units, "恢复沈阳自动化所");
        Assert.Contains("您是多个单位的联络人", Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "填报")))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_unit_drops_out_of_a_directives_owners_while_its_directive_history_stays()
    {
        var sia = await bot.ExecuteAsync(TestUser.TwoUnitContact, "directives.open", new JObject { ["unitId"] = "sia" });
        await bot.ExecuteAsync(TestUser.TwoUnitContact, "directives.save", Cards.Submit(sia, "directives.save", new() { ["status.d1"] = "InProgress", ["note.d1"] = "机器人项目对接中" }));
        var define = await bot.ExecuteAsync(TestUser.Organiser, "directives.define", new JObject { ["directiveId"] = "d1" });
        await bot.ExecuteAsync(TestUser.Organiser, "directives.saveDefinition", Cards.Submit(define, "directives.saveDefinition", new() { ["dueDate"] = "2020-12-01" }));

        await ClickAsync(TestUser.Organiser, await UnitCardAsync(TestUser.Organiser, "沈阳自动化所"), "撤销此单位");

        var again = await bot.ExecuteAsync(TestUser.Organiser, "directives.define", new JObject { ["directiveId"] = "d1" });
        Assert.Equal("dicp,imr", Cards.InputValue(again, "owners"));
        var saved = await bot.ExecuteAsync(TestUser.Organiser, "directives.saveDefinition", Cards.Submit(again, "directives.saveDefinition", new() { ["dueDate"] = "2020-12-15" }));
        Assert.Contains("已由马越红保存。", Cards.Text(saved), StringComparison.Ordinal);
        var history = Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "历史 沈阳自动化所"))));
        Assert.Contains("机器人项目对接中", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_every_organiser_is_refused_and_they_stay_organisers()
    {
        var organisers = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑组织方");

        var card = await ClickAsync(TestUser.Organiser, organisers, "保存", new() { ["remove.0"] = "aad:aad-organiser", ["remove.1"] = "aad:aad-both" });

        Assert.Contains("至少需要保留一名组织方。", Cards.Text(card), StringComparison.Ordinal);
        Assert.Equal("aad:aad-organiser", Cards.InputValue(card, "remove.0"));
        Assert.Equal(2, (await Repository.GetStoredAsync(CancellationToken.None)).Organisers.Count);
    }

    [Fact]
    public async Task An_organiser_added_by_the_picker_is_named_from_the_committee_and_can_open_the_committee()
    {
        var organisers = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑组织方");

        var saved = await ClickAsync(TestUser.Organiser, organisers, "保存", new() { ["people"] = TestUser.DicpContact.AadObjectId, ["remove.0"] = "aad:aad-organiser" });

        Assert.Contains("张联络", Cards.Text(saved), StringComparison.Ordinal);
        Assert.Contains("委员会管理", Cards.Text(await CommitteeCardAsync(TestUser.DicpContact)), StringComparison.Ordinal);
        Assert.Contains("只有组织方", Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "委员会"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schedule_chosen_in_plain_words_becomes_the_cron_the_scheduler_follows()
    {
        var schedule = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑自动发送");
        Assert.Equal("Monday", Cards.InputValue(schedule, "digestDay"));

        var saved = await ClickAsync(TestUser.Organiser, schedule, "保存", new() { ["digestDay"] = "Friday", ["digestTime"] = "17:30", ["reminderDays"] = "5,1" });

        Assert.Contains("已由马越红", Cards.Text(saved), StringComparison.Ordinal);
        var committee = await Repository.GetAsync(CancellationToken.None);
        var slots = bot.Get<SlotPlanner>().Between(committee, new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 6, 8, 0, 0, 0, TimeSpan.Zero));
        var digest = Assert.Single(slots, s => s.Kind == SlotKind.Digest);
        Assert.Equal(new DateTimeOffset(2020, 6, 5, 17, 30, 0, TimeSpan.FromHours(8)), digest.At);
        Assert.Equal([5, 1], committee.Schedule.ReminderDaysBeforeDeadline);
        Assert.Contains("汇总：每周五 17:30。 提醒：截止前5、1天。", Cards.Text(await CommitteeCardAsync(TestUser.Organiser)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cron_from_the_file_that_no_choice_expresses_is_shown_as_custom_and_kept()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("committee-").FullName, "committee.json");
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json")).Replace("\"0 9 * * MON\"", "\"0 9 1,15 * *\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, json);
        using var custom = new BotHarness(file);
        var card = Cards.Single(await custom.SendAsync(BotHarness.Message(TestUser.Organiser, "委员会")));
        Assert.Contains("按自定义计划发布汇总（cron“0 9 1,15 * *”）", Cards.Text(card), StringComparison.Ordinal);
        var edit = (JObject)Assert.Single(Cards.Actions(card), a => (string?)a["title"] == "编辑自动发送")["data"]!;
        var schedule = await custom.ExecuteAsync(TestUser.Organiser, "committee.schedule.edit", edit);
        Assert.Equal("Custom", Cards.InputValue(schedule, "digestDay"));

        await custom.ExecuteAsync(TestUser.Organiser, "committee.schedule.save", Cards.Submit(schedule, "committee.schedule.save", new() { ["reminderDays"] = "3" }));

        var stored = await custom.Get<CommitteeRepository>().GetStoredAsync(CancellationToken.None);
        Assert.Equal(("0 9 1,15 * *", 3), (stored.Schedule.DigestCron, stored.Schedule.ReminderDaysBeforeDeadline.Single()));
    }

    [Fact]
    public async Task New_directives_listed_by_the_organiser_are_tracked_and_a_missing_english_line_is_refused()
    {
        var list = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑任务清单");
        var uneven = await ClickAsync(TestUser.Organiser, list, "保存", new() { ["newDirectivesZh"] = "加强所地合作\n培育新兴产业", ["newDirectivesEn"] = "Strengthen cooperation" });
        Assert.Contains("每行中文须对应一行英文", (string?)Cards.After(uneven, "newDirectivesEn")?["text"], StringComparison.Ordinal);
        Assert.Equal("加强所地合作\n培育新兴产业", Cards.InputValue(uneven, "newDirectivesZh"));

        await ClickAsync(TestUser.Organiser, uneven, "保存", new() { ["newDirectivesEn"] = "Strengthen cooperation\nGrow new industries", ["remove.0"] = "d1" });

        var overview = Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务"))));
        Assert.Contains("任务1：加强所地合作", overview, StringComparison.Ordinal);
        Assert.Contains("任务2：培育新兴产业", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("把我院发展", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_committee_lists_changes_newest_first_with_old_and_new_values_a_page_at_a_time()
    {
        var dates = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑日期");
        await ClickAsync(TestUser.Organiser, dates, "保存", new() { ["deadline"] = "2020-07-15" });
        var meeting = await ClickAsync(TestUser.ContactAndOrganiser, await CommitteeCardAsync(TestUser.ContactAndOrganiser), "编辑会议信息");
        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        await ClickAsync(TestUser.ContactAndOrganiser, meeting, "保存", new() { ["chairEn"] = "Prof. Han Enhou" });

        var history = Readable(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "history committee", "en-US"))));

        var chair = history.IndexOf("Chair (English): Han Enhou → Prof. Han Enhou", StringComparison.Ordinal);
        var deadline = history.IndexOf("Deadline: 2020-06-30 → 2020-07-15", StringComparison.Ordinal);
        Assert.True(chair >= 0 && deadline > chair, history);
        Assert.Contains("2020-06-01 10:05 (UTC+08:00) · 王联络兼组织 · Meeting", history, StringComparison.Ordinal);

        var units = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "管理成员单位");
        for (var i = 0; i < 22; i++)
        {
            units = await bot.ExecuteAsync(TestUser.Organiser, i % 2 == 0 ? "committee.units.down" : "committee.units.up", new JObject { ["unitId"] = "dicp", ["page"] = 0 });
        }

        var first = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "历史 委员会")));
        Assert.DoesNotContain("截止日期：2020-06-30 → 2020-07-15", Readable(first), StringComparison.Ordinal);
        var older = await ClickAsync(TestUser.Organiser, first, "更早的记录");
        Assert.Contains("截止日期：2020-06-30 → 2020-07-15", Readable(older), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_years_after_a_unit_has_reported_is_refused_and_points_to_a_new_cycle()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        await bot.ExecuteAsync(TestUser.DicpContact, "report.save", Cards.Submit(form, "report.save", new() { ["achievements"] = "草稿" }));
        var dates = await ClickAsync(TestUser.Organiser, await CommitteeCardAsync(TestUser.Organiser), "编辑日期");

        var card = await ClickAsync(TestUser.Organiser, dates, "保存", new() { ["reportingYear"] = "2020" });

        Assert.Contains("请使用“开启新一轮”", (string?)Cards.After(card, "reportingYear")?["text"], StringComparison.Ordinal);
        Assert.Equal("2019-2020", (await Repository.GetStoredAsync(CancellationToken.None)).CycleId);
    }

    public void Dispose() => bot.Dispose();
}
