using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Teams.Digests;
using CooperationBot.Tests.Conversations;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Administration;

/// <summary>The yearly cycle: confirmation, last year read-only and browsable, the new card following up last year's priorities.</summary>
public sealed class NewCycleConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    private async Task<JObject> SubmitLastYearAsync()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        return await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", new()
        {
            ["achievements"] = "与延长石油建立战略合作",
            ["priorities"] = "推进榆林示范区建设\n筹建洁净能源创新研究院",
        }));
    }

    private async Task<JObject> OpenNewCycleAsync(string directives = NewCycleInput.CarryOver)
    {
        var confirm = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "开启新一轮")));
        return await bot.ExecuteAsync(TestUser.Organiser, "cycle.confirm", Cards.Submit(confirm, "cycle.confirm", new() { ["directivesChoice"] = directives }));
    }

    [Fact]
    public async Task The_confirmation_card_proposes_the_next_years_and_a_deadline_a_year_on()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "new cycle")));

        Assert.Equal("2020", Cards.InputValue(card, "reportingYear"));
        Assert.Equal("2021-06-30", Cards.InputValue(card, "deadline"));
        Assert.Equal(NewCycleInput.CarryOver, Cards.InputValue(card, "directivesChoice"));
        Assert.Contains("当前周期：2019年度成果 / 2020年度重点工作", Cards.Text(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_confirmation_last_years_reports_are_read_only_and_browsable()
    {
        var lastYear = await SubmitLastYearAsync();

        var opened = await OpenNewCycleAsync();

        Assert.Contains("新一轮已开启：2020年度成果 / 2021年度重点工作，截止日期2021-06-30。", Cards.Text(opened), StringComparison.Ordinal);
        var edit = await bot.ExecuteAsync(TestUser.DicpContact, "report.edit", (JObject)Cards.Action(lastYear, "report.edit")["data"]!);
        Assert.Contains("该卡片属于其他填报周期", Cards.Text(edit), StringComparison.Ordinal);

        var cycles = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "往年填报")));
        Assert.Contains("2019-2020：2019年度成果 / 2020年度重点工作", Cards.Text(cycles), StringComparison.Ordinal);
        var units = await bot.ExecuteAsync(TestUser.DicpContact, "reports.pastCycle", (JObject)Cards.Action(cycles, "reports.pastCycle")["data"]!);
        Assert.DoesNotContain("金属所", Cards.Text(units), StringComparison.Ordinal);
        var report = await bot.ExecuteAsync(TestUser.DicpContact, "reports.pastUnit", (JObject)Cards.Action(units, "reports.pastUnit")["data"]!);
        Assert.Contains("往年周期，只读。", Cards.Text(report), StringComparison.Ordinal);
        Assert.Contains("• 推进榆林示范区建设", Cards.Text(report), StringComparison.Ordinal);
        Assert.DoesNotContain(Cards.Actions(report), a => (string?)a["verb"] == "report.edit");
    }

    [Fact]
    public async Task Confirming_the_same_card_twice_opens_one_cycle_and_says_someone_already_did()
    {
        var confirm = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "开启新一轮")));
        var data = Cards.Submit(confirm, "cycle.confirm");
        await bot.ExecuteAsync(TestUser.Organiser, "cycle.confirm", data);

        var again = await bot.ExecuteAsync(TestUser.ContactAndOrganiser, "cycle.confirm", data);

        Assert.Contains("马越红于2020-06-01 10:00 (UTC+08:00)修改了此部分", Cards.Text(again), StringComparison.Ordinal);
        var committee = await bot.Get<CommitteeRepository>().GetStoredAsync(CancellationToken.None);
        Assert.Equal(("2020-2021", 1), (committee.CycleId, committee.PastCycles.Count));
    }

    [Fact]
    public async Task A_contact_and_a_stranger_cannot_open_a_new_cycle()
    {
        var confirm = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "开启新一轮")));
        Assert.Contains("只有组织方", Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "开启新一轮"))), StringComparison.Ordinal);

        var card = await bot.ExecuteAsync(TestUser.Stranger, "cycle.confirm", Cards.Submit(confirm, "cycle.confirm"));

        Assert.Contains("只有组织方", Cards.Text(card), StringComparison.Ordinal);
        Assert.Equal("2019-2020", (await bot.Get<CommitteeRepository>().GetStoredAsync(CancellationToken.None)).CycleId);
    }

    [Fact]
    public async Task The_new_report_card_asks_how_each_of_last_years_priorities_went_and_the_digest_counts_the_done_ones()
    {
        await SubmitLastYearAsync();
        await OpenNewCycleAsync();

        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        var text = Cards.Text(form);
        Assert.Contains("大连化物所 — 2020年度成果 / 2021年度重点工作", text, StringComparison.Ordinal);
        Assert.Contains("2020年度重点工作完成情况", text, StringComparison.Ordinal);
        Assert.Contains("1. 推进榆林示范区建设", text, StringComparison.Ordinal);
        Assert.Contains("2. 筹建洁净能源创新研究院", text, StringComparison.Ordinal);
        Assert.Equal(["Done", "Partly", "NotYet", "Dropped"], Cards.Input(form, "followup.0.status")!["choices"]!.Select(c => (string)c["value"]!));

        var unanswered = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", new()
        {
            ["achievements"] = "榆林示范区一期投产",
            ["priorities"] = "建成洁净能源创新研究院",
            ["followup.0.status"] = "Done",
        }));
        Assert.Equal("请选择此项的完成情况。", (string?)Cards.After(unanswered, "followup.1.status")?["text"]);
        Assert.Null(Cards.After(unanswered, "followup.0.status")?["color"]);
        Assert.Equal("Done", Cards.InputValue(unanswered, "followup.0.status"));
        Assert.Equal("榆林示范区一期投产", Cards.InputValue(unanswered, "achievements"));

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(unanswered, "report.submit", new()
        {
            ["followup.1.status"] = "Partly",
            ["followup.1.note"] = "已完成选址",
        }));
        var summaryText = Cards.Text(summary);
        Assert.Contains("上一轮重点工作：已完成1/2项", summaryText, StringComparison.Ordinal);
        Assert.Contains("• 推进榆林示范区建设 — 已完成", summaryText, StringComparison.Ordinal);
        Assert.Contains("• 筹建洁净能源创新研究院 — 部分完成：已完成选址", summaryText, StringComparison.Ordinal);

        var digest = await bot.Get<DigestService>().PrepareAsync(CancellationToken.None);
        Assert.Equal(("dicp", 1, 2), Assert.Single(digest.FollowUps) is var f ? (f.Unit.Id, f.Done, f.Total) : default);
        var card = DigestCards.Build(new Texts(CultureInfo.GetCultureInfo("zh-CN")), digest, "d-1")[0];
        Assert.Contains("2020年度重点工作完成情况：大连化物所 1/2", Cards.Text(card), StringComparison.Ordinal);
        Assert.Contains("已提交 1/3 个单位", Cards.Text(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_that_did_not_report_last_year_has_nothing_to_follow_up()
    {
        await SubmitLastYearAsync();
        await OpenNewCycleAsync();

        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "report")));
        var imr = await bot.ExecuteAsync(TestUser.TwoUnitContact, "report.open", (JObject)Cards.Actions(form)[0]["data"]!);

        Assert.DoesNotContain("完成情况", Cards.Text(imr), StringComparison.Ordinal);
        Assert.Null(Cards.Input(imr, "followup.0.status"));
    }

    [Fact]
    public async Task A_new_meeting_with_new_directives_starts_an_empty_list_that_the_organiser_fills()
    {
        var list = await OpenNewCycleAsync(NewCycleInput.NewDirectives);

        Assert.Contains("请接着填写新会议的部署任务", Cards.Text(list), StringComparison.Ordinal);
        Assert.Empty((await bot.Get<CommitteeRepository>().GetStoredAsync(CancellationToken.None)).Directives);
        await bot.ExecuteAsync(TestUser.Organiser, "committee.directives.save", Cards.Submit(list, "committee.directives.save", new()
        {
            ["newDirectivesZh"] = "推动科技成果在辽宁落地转化",
            ["newDirectivesEn"] = "Bring research results to market in Liaoning",
        }));

        var overview = Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务"))));
        Assert.Contains("任务1：推动科技成果在辽宁落地转化", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("把我院发展", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carried_over_directives_keep_their_progress()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(card, "directives.save", new() { ["status.d1"] = "InProgress", ["note.d1"] = "已对接" }));

        await OpenNewCycleAsync();

        var after = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        Assert.Equal("InProgress", Cards.InputValue(after, "status.d1"));
        Assert.Equal("已对接", Cards.InputValue(after, "note.d1"));
    }

    public void Dispose() => bot.Dispose();
}
