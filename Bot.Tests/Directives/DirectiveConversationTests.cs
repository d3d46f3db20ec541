using CooperationBot.Tests.Conversations;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Directives;

public sealed class DirectiveConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static Dictionary<string, string> Typed(string status, string note, string needs = "") => new()
    {
        ["status.d1"] = status,
        ["note.d1"] = note,
        ["needs.d1"] = needs,
    };

    [Theory]
    [InlineData("任务")]
    [InlineData("directives")]
    public async Task A_contact_gets_one_card_for_their_unit_with_each_owned_directive_editable(string command)
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, command)));

        var text = Cards.Text(card);
        Assert.Contains("大连化物所 — 2020年度任务落实", text, StringComparison.Ordinal);
        Assert.Contains("任务1：把我院发展与地方发展有机结合起来。", text, StringComparison.Ordinal);
        Assert.Contains("截止 2020-12-31", text, StringComparison.Ordinal);
        Assert.Equal("NotStarted", Cards.InputValue(card, "status.d1"));
        Assert.NotNull(Cards.Input(card, "note.d1"));
        Assert.NotNull(Cards.Action(card, "directives.save"));
    }

    [Fact]
    public async Task Saving_updates_the_card_in_place_and_says_who_changed_what_and_when()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));

        var saved = await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(card, "directives.save", Typed("InProgress", "已与辽宁省科技厅对接需求")));

        var text = Cards.Text(saved);
        Assert.Contains("张联络已于2020-06-01 10:00 (UTC+08:00)保存：任务1 未开始 → 进行中", text, StringComparison.Ordinal);
        Assert.Contains("当前：进行中 — 张联络，2020-06-01 10:00 (UTC+08:00)", text, StringComparison.Ordinal);
        Assert.Equal("已与辽宁省科技厅对接需求", Cards.InputValue(saved, "note.d1"));
    }

    [Fact]
    public async Task Blocked_without_saying_what_is_needed_comes_back_with_the_error_next_to_the_field_and_the_text_kept()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));

        var back = await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(card, "directives.save", Typed("Blocked", "中试线资金未落实")));

        Assert.Equal("设为“受阻”时，请说明需要什么支持、由谁提供。", (string?)Cards.After(back, "needs.d1")?["text"]);
        Assert.Equal("中试线资金未落实", Cards.InputValue(back, "note.d1"));
        Assert.Equal("Blocked", Cards.InputValue(back, "status.d1"));
        Assert.Contains("本次未保存", Cards.Text(back), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_later_of_two_contacts_editing_the_same_directive_is_told_and_keeps_their_text()
    {
        var first = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        var second = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.SecondDicpContact, "任务")));
        await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(first, "directives.save", Typed("Done", "张：已完成")));

        var told = await bot.ExecuteAsync(TestUser.SecondDicpContact, "directives.save", Cards.Submit(second, "directives.save", Typed("InProgress", "李：仍在推进")));

        var text = Cards.Text(told);
        Assert.Contains("在您编辑期间，张联络", text, StringComparison.Ordinal);
        Assert.Contains("张：已完成", text, StringComparison.Ordinal);
        Assert.Equal("李：仍在推进", Cards.InputValue(told, "note.d1"));

        var again = await bot.ExecuteAsync(TestUser.SecondDicpContact, "directives.save", Cards.Submit(told, "directives.save"));
        Assert.Contains("任务1 已完成 → 进行中", Cards.Text(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organiser_gets_the_overview_matrix_with_counts_and_overdue_flags()
    {
        var contact = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(contact, "directives.save", Typed("InProgress", "推进中")));
        bot.Clock.SetUtcNow(new DateTimeOffset(2021, 1, 5, 0, 0, 0, TimeSpan.Zero));

        var overview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));

        var text = Cards.Text(overview);
        Assert.Contains("截止 2020-12-31 · 完成 0 · 进行中 1 · 受阻 0 · 未开始 2 · 逾期 3", text, StringComparison.Ordinal);
        var facts = overview.Descendants().OfType<JObject>().Where(o => o["title"] is not null && o["value"] is not null && o["type"] is null).ToList();
        Assert.Contains(facts, f => (string?)f["title"] == "大连化物所" && (string?)f["value"] == "进行中（逾期）");
        Assert.NotNull(Cards.Action(overview, "directives.define"));
    }

    [Fact]
    public async Task An_organiser_edits_owners_and_due_date_and_a_removed_unit_keeps_its_progress()
    {
        var contact = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(contact, "directives.save", Typed("InProgress", "推进中")));
        var overview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));
        var form = await bot.ExecuteAsync(TestUser.Organiser, "directives.define", (JObject)Cards.Action(overview, "directives.define")["data"]!);

        var saved = await bot.ExecuteAsync(TestUser.Organiser, "directives.saveDefinition", Cards.Submit(form, "directives.saveDefinition", new Dictionary<string, string>
        {
            ["textZh"] = Cards.InputValue(form, "textZh")!,
            ["textEn"] = Cards.InputValue(form, "textEn")!,
            ["owners"] = "imr,sia",
            ["dueDate"] = "2021-03-31",
        }));

        Assert.Contains("已由马越红保存", Cards.Text(saved), StringComparison.Ordinal);
        var after = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));
        Assert.Contains(after.Descendants().OfType<JObject>(), f => (string?)f["title"] == "大连化物所" && (string?)f["value"] == "进行中（已不在负责范围）");
        Assert.Contains("本单位当前没有需要落实的任务", Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_date_in_the_past_is_refused_with_the_organisers_input_kept()
    {
        var overview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));
        var form = await bot.ExecuteAsync(TestUser.Organiser, "directives.define", (JObject)Cards.Action(overview, "directives.define")["data"]!);

        var back = await bot.ExecuteAsync(TestUser.Organiser, "directives.saveDefinition", Cards.Submit(form, "directives.saveDefinition", new Dictionary<string, string>
        {
            ["textZh"] = "改写后的任务",
            ["textEn"] = "Rewritten",
            ["owners"] = "dicp",
            ["dueDate"] = "2020-01-01",
        }));

        Assert.Equal("新的截止日期不能早于今天。", (string?)Cards.After(back, "dueDate")?["text"]);
        Assert.Equal("改写后的任务", Cards.InputValue(back, "textZh"));
    }

    [Fact]
    public async Task History_shows_who_changed_what_when_old_to_new_for_organisers_only()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(card, "directives.save", Typed("InProgress", "第一步")));

        var history = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "历史大连化物所")));
        var byDirective = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "history 1", "en-US")));
        var refused = await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "history 1"));

        var text = Cards.Text(history);
        Assert.Contains("变更记录 — 大连化物所", text, StringComparison.Ordinal);
        Assert.Contains("2020-06-01 10:00 (UTC+08:00) · 张联络 · 大连化物所 · 任务1", text, StringComparison.Ordinal);
        Assert.Contains("未开始", text, StringComparison.Ordinal);
        Assert.Contains("进行中", text, StringComparison.Ordinal);
        Assert.Contains("第一步", Cards.Text(byDirective), StringComparison.Ordinal);
        Assert.Contains("只有组织方可以", Cards.Texts(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_card_links_to_the_units_directives()
    {
        var report = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));

        var directives = await bot.ExecuteAsync(TestUser.DicpContact, "directives.open", (JObject)Cards.Action(report, "directives.open")["data"]!);

        Assert.Contains("大连化物所 — 2020年度任务落实", Cards.Text(directives), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_cannot_save_another_units_progress_by_editing_card_data()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        var forged = Cards.Submit(card, "directives.save", Typed("Done", "冒名"));
        forged["unitId"] = "imr";

        var answer = await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", forged);

        Assert.Contains("您不是该单位登记的联络人", Cards.Text(answer), StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}
