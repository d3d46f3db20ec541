namespace CooperationBot.Tests.Conversations;

public sealed class HelpConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    [Fact]
    public async Task Help_for_a_contact_names_their_unit_and_the_report_command_but_no_organiser_commands()
    {
        var text = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "帮助")));

        Assert.Contains("您是以下单位的联络人：大连化物所", text, StringComparison.Ordinal);
        Assert.Contains("填报 (report)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("关闭填报", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_for_an_organiser_lists_organiser_commands_but_not_reporting()
    {
        var text = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "help", "en-US")));

        Assert.Contains("You are an organiser of this committee.", text, StringComparison.Ordinal);
        Assert.Contains("close reporting", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**report (", text, StringComparison.Ordinal);
        Assert.Contains("- committee (委员会) — ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_for_someone_who_is_both_lists_both_roles()
    {
        var text = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.ContactAndOrganiser, "help", "en-US")));

        Assert.Contains("You are the contact of: DICP.", text, StringComparison.Ordinal);
        Assert.Contains("You are an organiser of this committee.", text, StringComparison.Ordinal);
        Assert.Contains("report (填报)", text, StringComparison.Ordinal);
        Assert.Contains("close reporting (关闭填报)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_for_someone_with_no_role_says_who_the_organisers_are()
    {
        var text = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Stranger, "help", "en-US")));

        Assert.Contains("You are not yet registered as a unit contact or an organiser. Organisers register contacts: 马越红, 王联络兼组织.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("report (", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_text_is_answered_with_help_not_silence()
    {
        var text = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "report please")));

        Assert.Contains("抱歉，我没有理解您的意思。", text, StringComparison.Ordinal);
        Assert.Contains("我可以为您做什么", text, StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}
