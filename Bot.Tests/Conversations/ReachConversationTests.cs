namespace CooperationBot.Tests.Conversations;

/// <summary>`reach everyone` without Microsoft Graph (local and demo use): the bot names who it cannot reach.</summary>
public sealed class ReachConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    [Fact]
    public async Task Without_graph_an_organiser_learns_who_never_opened_the_bot_so_they_can_be_contacted_another_way()
    {
        await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "帮助"));

        var card = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "联系全部联络人")));

        var text = Cards.Text(card);
        Assert.Contains("本机器人未启用 Microsoft Graph", text, StringComparison.Ordinal);
        Assert.Contains("以下人员尚未打开机器人，请通过其他方式联系：李联络（大连化物所）、王联络兼组织（大连化物所、组织方）、赵双单位（金属所、沈阳自动化所）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("张联络", text, StringComparison.Ordinal);
        Assert.DoesNotContain("马越红", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_is_listed_in_an_organisers_help_and_refused_to_a_contact()
    {
        var help = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "help", "en-US")));
        var refusal = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "reach everyone", "en-US")));

        Assert.Contains("reach everyone (联系全部联络人)", help, StringComparison.Ordinal);
        Assert.Contains("Only organisers can do that.", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_graph_the_remind_answer_offers_no_button_it_could_not_honour()
    {
        var replies = await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "提醒"));

        Assert.DoesNotContain(replies.OfType<Microsoft.Bot.Schema.IMessageActivity>(), m => m.Attachments?.Count > 0);
    }

    public void Dispose() => bot.Dispose();
}
