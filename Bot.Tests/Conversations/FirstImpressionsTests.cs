using System.Text.RegularExpressions;
using CooperationBot.Committees;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Conversations;

/// <summary>What a new user sees first (issue 16): one welcome in one language, no live stale card, a demo that is not all overdue, labels that read well, a short overview.</summary>
public sealed partial class FirstImpressionsTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static Activity Installation(TestUser user, string? locale)
    {
        var activity = BotHarness.Message(user, string.Empty, locale);
        activity.Type = ActivityTypes.InstallationUpdate;
        activity.Text = null;
        activity.Action = "add";
        return activity;
    }

    private static Activity MembersAdded(TestUser user, string? locale)
    {
        var activity = BotHarness.Message(user, string.Empty, locale);
        activity.Type = ActivityTypes.ConversationUpdate;
        activity.Text = null;
        activity.MembersAdded = [new ChannelAccount("28:bot", "CooperationBot")];
        return activity;
    }

    private static Dictionary<string, string> Typed(string achievements, string priorities) => new()
    {
        ["achievements"] = achievements,
        ["priorities"] = priorities,
        ["remark"] = string.Empty,
    };

    // ---- 1. The welcome: once, in a language decided once ----
    [Theory]
    [InlineData("installation first")]
    [InlineData("conversationUpdate first")]
    [InlineData("both at once")]
    public async Task The_two_install_events_welcome_once_in_the_install_events_language_whatever_their_order(string order)
    {
        // As the Agents Playground sends them: installationUpdate marked en-US, conversationUpdate without a locale.
        var installation = Installation(TestUser.DicpContact, "en-US");
        var membersAdded = MembersAdded(TestUser.DicpContact, null);
        var replies = order switch
        {
            "installation first" => [.. await bot.SendAsync(installation), .. await bot.SendAsync(membersAdded)],
            "conversationUpdate first" => [.. await bot.SendAsync(membersAdded), .. await bot.SendAsync(installation)],
            _ => (await Task.WhenAll(bot.SendAsync(installation), bot.SendAsync(membersAdded))).SelectMany(r => r).ToList(),
        };

        var messages = replies.OfType<IMessageActivity>().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains("Hello 张联络", Cards.Texts(replies), StringComparison.Ordinal);
        Assert.Contains("DICP — 2019 achievements / 2020 priorities", Cards.Text(Cards.Single(replies)), StringComparison.Ordinal);

        // A later turn without a locale follows the decision; the user's own Chinese still wins.
        Assert.Contains("DICP", Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report", locale: null)))), StringComparison.Ordinal);
        Assert.Contains("大连化物所", Cards.Text(Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报", locale: null)))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_install_without_a_locale_welcomes_in_the_committees_language()
    {
        var replies = await bot.SendAsync(Installation(TestUser.DicpContact, null));

        Assert.Contains("张联络，您好", Cards.Texts(replies), StringComparison.Ordinal);
        Assert.Contains("大连化物所 — 2019年度成果", Cards.Text(Cards.Single(replies)), StringComparison.Ordinal);
        Assert.Empty(await bot.SendAsync(Installation(TestUser.DicpContact, "en-US")));
    }

    // ---- 2. Superseded report cards ----
    [Fact]
    public async Task A_report_card_refreshes_to_the_current_state_and_its_old_buttons_answer_with_the_summary()
    {
        var welcome = Cards.Single(await bot.SendAsync(Installation(TestUser.DicpContact, "zh-CN")));
        var refresh = (JObject)welcome["refresh"]!;
        Assert.Equal("report.refresh", (string?)refresh["action"]?["verb"]);
        Assert.Equal(["29:aad-dicp-1"], refresh["userIds"]!.Values<string>());

        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));

        // Teams shows the welcome again: its refresh brings the summary.
        var refreshed = await bot.ExecuteAsync(TestUser.DicpContact, "report.refresh", (JObject)refresh["action"]!["data"]!);
        Assert.Contains("第1版", Cards.Text(refreshed), StringComparison.Ordinal);
        Assert.Null(Cards.Input(refreshed, "achievements"));

        // A click on the stale welcome card does not act: it answers with the current summary.
        var stale = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(welcome, "report.submit", Typed("旧卡片上的成果", "旧卡片上的重点")));
        var text = Cards.Text(stale);
        Assert.Contains("这张卡片已过期：张联络已于2020-06-01 10:00 (UTC+08:00)提交了报告", text, StringComparison.Ordinal);
        Assert.Contains("第1版", text, StringComparison.Ordinal);
        Assert.Contains("旧卡片上的成果", text, StringComparison.Ordinal);
        Assert.Null(Cards.Input(stale, "achievements"));
        var revisions = await bot.Reports.GetRevisionsAsync("dicp", CancellationToken.None);
        Assert.Equal(["成果一"], Assert.Single(revisions).Content.Achievements);

        var emptyClick = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(welcome, "report.submit"));
        Assert.Contains("这张卡片已过期", Cards.Text(emptyClick), StringComparison.Ordinal);
    }

    // ---- 3. Demo dates and late submissions ----
    [Fact]
    public async Task In_demo_mode_the_sample_is_dated_around_today_and_nothing_is_overdue_while_the_store_keeps_2020()
    {
        using var demo = new BotHarness(demoMode: true);
        demo.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero));
        var alex = new TestUser(DemoUser.AadObjectId, DemoUser.Name);
        var today = new DateOnly(2026, 11, 29);
        var shift = today.AddDays(30).DayNumber - new DateOnly(2020, 6, 30).DayNumber;

        var report = Cards.Text(Cards.Single(await demo.SendAsync(BotHarness.Message(alex, "填报"))));
        Assert.Contains("截止日期：" + today.AddDays(30).ToString("yyyy-MM-dd"), report, StringComparison.Ordinal);
        Assert.DoesNotContain("已过", report, StringComparison.Ordinal);

        var cards = (await demo.SendAsync(BotHarness.Message(alex, "任务"))).OfType<IMessageActivity>().SelectMany(m => m.Attachments).Select(a => JObject.FromObject(a.Content)).ToList();
        var all = string.Join("\n", cards.Select(Cards.Text));
        Assert.Contains("截止 " + new DateOnly(2020, 12, 31).AddDays(shift).ToString("yyyy-MM-dd"), all, StringComparison.Ordinal);
        Assert.DoesNotContain("已逾期", all, StringComparison.Ordinal);
        Assert.Contains("逾期 0", all, StringComparison.Ordinal);

        var stored = await demo.Get<CommitteeRepository>().ReadStoredAsync(CancellationToken.None);
        Assert.Equal(new DateOnly(2020, 6, 30), stored.SubmissionDeadline);
        Assert.Equal(new DateOnly(2020, 5, 14), stored.Meeting.Date);
    }

    [Fact]
    public async Task After_the_deadline_the_report_card_says_so_and_the_summary_marks_the_submission_late()
    {
        bot.Clock.SetUtcNow(new DateTimeOffset(2020, 7, 2, 2, 0, 0, TimeSpan.Zero));

        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        Assert.Contains("截止日期（2020-06-30）已过。仍可提交，提交将标记为逾期。", Cards.Text(form), StringComparison.Ordinal);

        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));
        Assert.Contains("逾期提交（截止日期：2020-06-30）。", Cards.Text(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_deadline_nothing_is_said_about_lateness()
    {
        var form = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        var summary = await bot.ExecuteAsync(TestUser.DicpContact, "report.submit", Cards.Submit(form, "report.submit", Typed("成果一", "重点一")));

        Assert.DoesNotContain("逾期", Cards.Text(form) + Cards.Text(summary), StringComparison.Ordinal);
    }

    // ---- 4. Labels: the saved note is readable, one colon style ----
    [Fact]
    public async Task The_saved_progress_note_is_shown_as_text_and_Chinese_labels_use_full_width_colons()
    {
        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "任务")));
        var saved = await bot.ExecuteAsync(TestUser.DicpContact, "directives.save", Cards.Submit(card, "directives.save", new Dictionary<string, string>
        {
            ["status.d1"] = "InProgress",
            ["note.d1"] = "已与辽宁省科技厅对接需求",
            ["needs.d1"] = string.Empty,
        }));

        var shown = saved.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "RichTextBlock").Select(Cards.Text).ToList();
        Assert.Contains("进展说明：\n已与辽宁省科技厅对接需求", shown);

        var report = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "填报")));
        foreach (var text in new[] { Cards.Text(saved), Cards.Text(report) })
        {
            // Times (10:00, UTC+08:00) keep their colon; labels in Chinese use the full-width one.
            Assert.DoesNotMatch(HalfWidthColonInText(), Regex.Replace(text, @"\d:\d", string.Empty));
        }
    }

    // ---- 5. The organiser's overview is compact ----
    [Fact]
    public async Task The_organisers_overview_shows_counts_first_and_each_directives_units_behind_a_toggle()
    {
        var overview = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "任务")));

        var factSets = overview.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "FactSet").ToList();
        Assert.NotEmpty(factSets);
        var toggles = Cards.Actions(overview).Where(a => (string?)a["type"] == "Action.ToggleVisibility").ToList();
        Assert.Equal(factSets.Count, toggles.Count);
        foreach (var facts in factSets)
        {
            var details = (JObject)facts.Parent!.Parent!.Parent!;
            Assert.False((bool?)details["isVisible"]);
            Assert.Contains(toggles, t => t["targetElements"]!.Values<string>().Contains((string?)details["id"]));
        }

        Assert.Contains("完成 0 · 进行中 0 · 受阻 0 · 未开始", Cards.Text(overview), StringComparison.Ordinal);
        Assert.Null(overview["body"]!.Children<JObject>().FirstOrDefault(o => (string?)o["type"] == "Input.ChoiceSet"));
        Assert.Equal("Action.ShowCard", (string?)Assert.Single((JArray)overview["actions"]!)["type"]);
    }

    [GeneratedRegex(@"[\u4e00-\u9fff][^\n]*:|:[^\n]*[\u4e00-\u9fff]")]
    private static partial Regex HalfWidthColonInText();

    public void Dispose() => bot.Dispose();
}
