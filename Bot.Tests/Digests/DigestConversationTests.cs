using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;

namespace CooperationBot.Tests.Digests;

public sealed class DigestConversationTests : IDisposable
{
    private readonly BotHarness bot = new();

    private static Activity InChannel(TestUser user, string text, string locale = "zh-CN")
    {
        var activity = BotHarness.Message(user, "<at>CooperationBot</at> " + text, locale);
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2;messageid=1", tenantId: "tenant-1");
        activity.ChannelData = new Newtonsoft.Json.Linq.JObject
        {
            ["team"] = new Newtonsoft.Json.Linq.JObject { ["id"] = "19:general@thread.tacv2", ["name"] = "院地合作委员会" },
            ["channel"] = new Newtonsoft.Json.Linq.JObject { ["id"] = "19:general@thread.tacv2" },
        };
        activity.Entities = [new Entity("mention") { Properties = Newtonsoft.Json.Linq.JObject.FromObject(new { mentioned = new { id = "28:bot", name = "CooperationBot" }, text = "<at>CooperationBot</at>" }) }];
        return activity;
    }

    [Fact]
    public async Task A_contact_asking_for_a_digest_in_a_channel_is_refused_with_the_organisers_named()
    {
        var reply = Cards.Texts(await bot.SendAsync(InChannel(TestUser.DicpContact, "汇总")));

        Assert.Contains("只有组织方可以执行此操作。组织方为：马越红、王联络兼组织。", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organiser_asking_in_the_personal_chat_before_the_bot_is_in_a_team_is_told_how_to_add_it()
    {
        var reply = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "汇总")));

        Assert.Contains("我还没有加入任何团队", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_a_channel_is_for_organisers_and_only_in_a_team_channel()
    {
        var byContact = Cards.Texts(await bot.SendAsync(InChannel(TestUser.DicpContact, "绑定本频道")));
        var inPersonalChat = Cards.Texts(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "use this channel", "en-US")));
        var byOrganiser = Cards.Texts(await bot.SendAsync(InChannel(TestUser.Organiser, "绑定本频道")));

        Assert.Contains("只有组织方可以执行此操作", byContact, StringComparison.Ordinal);
        Assert.Contains("Please @mention me with “use this channel” in a channel of the committee's team.", inPersonalChat, StringComparison.Ordinal);
        Assert.Contains("已绑定", byOrganiser, StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}
