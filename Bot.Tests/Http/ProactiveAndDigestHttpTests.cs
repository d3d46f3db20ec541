using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;

namespace CooperationBot.Tests.Http;

/// <summary>Messages the bot starts itself (escalations, digests), checked at the loopback Bot Connector fake.</summary>
public sealed class ProactiveAndDigestHttpTests : BotOverHttp
{
    private const string TeamId = "19:committee-team@thread.tacv2";
    private const string AnnouncementsId = "19:announcements@thread.tacv2";
    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    private JsonObject ChannelMessage(string text, string channelId, string aadObjectId = DemoUser.AadObjectId, string name = DemoUser.Name) =>
        TeamsActivities.ChannelMention(Connector.ServiceUrl, text, TeamId, channelId: channelId, channelName: channelId == TeamId ? null : "公告", aadObjectId: aadObjectId, name: name);

    /// <summary>What Teams sends when the bot is added to the team (the bot learns the team from it).</summary>
    private JsonObject BotAddedToTeam()
    {
        var activity = ChannelMessage(string.Empty, TeamId);
        activity.Remove("text");
        activity.Remove("entities");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsActivities.BotId });
        activity["conversation"] = new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TeamsActivities.TenantId, ["id"] = TeamId };
        activity["channelData"]!["eventType"] = "teamMemberAdded";
        return activity;
    }

    [Fact]
    public async Task Blocking_a_directive_messages_every_organiser_who_opened_the_bot_and_records_the_others()
    {
        // The demo user is organiser and contact; opening the chat stores the conversation to reach them.
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助"));
        var data = new JsonObject
        {
            ["unitId"] = "dicp",
            ["versions"] = new JsonObject { ["d3"] = 0 },
            ["status.d1"] = "NotStarted",
            ["note.d1"] = string.Empty,
            ["needs.d1"] = string.Empty,
            ["status.d2"] = "NotStarted",
            ["note.d2"] = string.Empty,
            ["needs.d2"] = string.Empty,
            ["status.d3"] = "Blocked",
            ["note.d3"] = "鞍钢合作项目缺少中试资金",
            ["needs.d3"] = "需要省科技厅协调专项资金",
            ["status.d4"] = "NotStarted",
            ["note.d4"] = string.Empty,
            ["needs.d4"] = string.Empty,
        };

        var response = await App.PostActivityAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "directives.save", data));

        Assert.True(response.IsSuccessStatusCode);
        var escalation = await Connector.WaitForAsync(c => Readable(c.Activity).Contains("任务3受阻", StringComparison.Ordinal));
        var json = Readable(escalation.Activity);
        Assert.Equal("a:1" + DemoUser.AadObjectId, escalation.ConversationId);
        Assert.Contains("大连化物所", json, StringComparison.Ordinal);
        Assert.Contains("鞍钢合作项目缺少中试资金", json, StringComparison.Ordinal);
        Assert.Contains("需要省科技厅协调专项资金", json, StringComparison.Ordinal);
        Assert.Empty(Connector.Violations);

        // 马越红 never opened the bot: the next digest names her as unreachable.
        await App.PostActivityAsync(ChannelMessage("use this channel", TeamId));
        await App.PostActivityAsync(ChannelMessage("汇总", TeamId));
        var digest = await Connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.Contains("无法在 Teams 中联系", Readable(digest.Activity), StringComparison.Ordinal);
        Assert.Contains("马越红", Readable(digest.Activity), StringComparison.Ordinal);

        // Once she opens the bot she is reachable, and the next digest no longer names her.
        const string ma = "3f2a9c10-0000-4000-8000-0000000000ma";
        Connector.Members["29:1" + ma] = (ma, "organiser@shenyang-branch.example.org", "马越红");
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助", aadObjectId: ma, name: "马越红"));
        await App.PostActivityAsync(ChannelMessage("汇总", TeamId));
        var next = await Connector.WaitForAsync(c => c.Path == "/v3/conversations" && c != digest);
        Assert.DoesNotContain("无法在 Teams 中联系", Readable(next.Activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organiser_asking_in_a_channel_gets_a_new_digest_post_in_the_bound_channel_and_a_confirmation()
    {
        await App.PostActivityAsync(ChannelMessage("use this channel", AnnouncementsId));
        var bound = await Connector.WaitForAsync(c => Readable(c.Activity).Contains("已绑定", StringComparison.Ordinal));
        await App.PostActivityAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2019-2020",
            ["baseVersion"] = 0,
            ["achievements"] = "与延长石油建立战略合作",
            ["priorities"] = "谋划榆林示范区",
            ["remark"] = string.Empty,
        }));

        await App.PostActivityAsync(ChannelMessage("digest", TeamId));

        var post = await Connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.StartsWith(AnnouncementsId, post.ConversationId, StringComparison.Ordinal);
        var card = Readable(post.Activity);
        Assert.Contains("已提交 1/9 个单位", card, StringComparison.Ordinal);
        Assert.Contains("与延长石油建立战略合作", card, StringComparison.Ordinal);
        Assert.Contains("digest.refresh", card, StringComparison.Ordinal);
        var confirmation = await Connector.WaitForAsync(c => Readable(c.Activity).Contains("汇总已发布到 院地合作委员会 › 公告", StringComparison.Ordinal));
        Assert.StartsWith(TeamId, confirmation.ConversationId, StringComparison.Ordinal);
        Assert.NotNull(bound);
        Assert.Empty(Connector.Violations);
    }

    [Fact]
    public async Task An_organiser_asking_in_the_personal_chat_gets_the_digest_in_the_bound_general_channel_and_refresh_updates_it()
    {
        await App.PostActivityAsync(ChannelMessage("绑定本频道", TeamId));
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "汇总"));
        var post = await Connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.StartsWith(TeamId, post.ConversationId, StringComparison.Ordinal);
        await Connector.WaitForAsync(c => Readable(c.Activity).Contains("汇总已发布到 院地合作委员会 › 常规", StringComparison.Ordinal));
        var digestId = post.Activity!["attachments"]![0]!["content"]!["actions"]![0]!["data"]!["digestId"]!.GetValue<string>();

        await App.PostActivityAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2019-2020",
            ["baseVersion"] = 0,
            ["achievements"] = "成果",
            ["priorities"] = "重点",
            ["remark"] = string.Empty,
        }));
        var refresh = TeamsActivities.CardAction(Connector.ServiceUrl, "digest.refresh", new JsonObject { ["digestId"] = digestId });
        var response = await App.PostActivityAsync(refresh);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Contains("已提交 1/9 个单位", Readable(body!["value"]), StringComparison.Ordinal);
        Assert.Contains("已提交 0/9 个单位", Readable(post.Activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_not_an_organiser_is_refused_politely_with_the_organisers_named()
    {
        await App.PostActivityAsync(ChannelMessage("汇总", TeamId, aadObjectId: "aad-someone-else", name: "Megan Bowen"));

        var reply = await Connector.WaitForAsync(c => c.Activity?["text"] is not null);
        Assert.Contains("只有组织方可以执行此操作。组织方为：马越红 (Ma Yuehong)、Alex Wilber。", (string?)reply.Activity!["text"], StringComparison.Ordinal);
        Assert.DoesNotContain(Connector.Calls, c => c.Path == "/v3/conversations");
    }

    [Fact]
    public async Task Before_the_bot_is_in_any_team_an_organiser_gets_the_digest_alone_and_is_told_how_to_add_it()
    {
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "digest", "en-US"));

        var reply = await Connector.WaitForAsync(c => c.Activity?["text"] is not null);
        Assert.Contains("I am not in any team yet, so this digest went to you only.", (string?)reply.Activity!["text"], StringComparison.Ordinal);
        Assert.Contains(Connector.Calls, c => c.ConversationId == "a:1" + DemoUser.AadObjectId && Readable(c.Activity?["attachments"]).Contains("跟进汇总 —", StringComparison.Ordinal));
        Assert.DoesNotContain(Connector.Calls, c => c.Path == "/v3/conversations");
    }

    [Fact]
    public async Task A_contact_listed_by_upn_who_opened_the_bot_gets_the_reminder_with_the_report_card()
    {
        const string imrContact = "7d1c0e52-0000-4000-8000-0000000000aa";
        Connector.Members["29:1" + imrContact] = (imrContact, "contact@imr.example.org", "金属所联络员");
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助", aadObjectId: imrContact, name: "金属所联络员"));

        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "提醒"));

        var reply = await Connector.WaitForAsync(c => Readable(c.Activity).Contains("发送提醒", StringComparison.Ordinal));
        Assert.Contains("已向尚未提交的 9 个单位的 2 位联络人发送提醒。", Readable(reply.Activity), StringComparison.Ordinal);
        var reminder = await Connector.WaitForAsync(c => c.ConversationId == "a:1" + imrContact && Readable(c.Activity).Contains("提醒：", StringComparison.Ordinal));
        Assert.Contains("金属所 — 2019年度成果 / 2020年度重点工作", Readable(reminder.Activity), StringComparison.Ordinal);
        Assert.Empty(Connector.Violations);
    }
}
