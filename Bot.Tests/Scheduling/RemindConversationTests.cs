using CooperationBot.Tests.Conversations;

namespace CooperationBot.Tests.Scheduling;

public sealed class RemindConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    [Fact]
    public async Task An_organiser_reminds_late_units_and_learns_who_cannot_be_reached()
    {
        await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "帮助"));
        await bot.SendAsync(BotHarness.Message(TestUser.TwoUnitContact, "帮助"));

        var reply = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "提醒")));

        // DICP (3 contacts), IMR and SIA (the same person for both) are late; two DICP contacts never opened the bot.
        Assert.Contains("已向尚未提交的 3 个单位的 3 位联络人发送提醒。", reply, StringComparison.Ordinal);
        Assert.Contains("无法通过 Teams 提醒", reply, StringComparison.Ordinal);
        Assert.Contains("李联络、王联络兼组织", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminding_again_within_the_minute_reminds_nobody_twice()
    {
        await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "帮助"));

        await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "remind", "en-US"));
        var again = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "remind", "en-US")));

        Assert.Contains("Reminders are on their way to 1 contacts of 3 units", again, StringComparison.Ordinal);
        var queued = await bot.Get<CooperationBot.Outbox.IOutboxQueue>().ReceiveAsync(100, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal("aad-dicp-1", Assert.Single(queued).Envelope.TargetId);
    }

    [Fact]
    public async Task Only_organisers_can_send_reminders()
    {
        var reply = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "提醒")));

        Assert.Contains("只有组织方可以执行此操作", reply, StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}
