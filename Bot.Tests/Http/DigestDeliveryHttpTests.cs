using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Digests;
using Microsoft.Extensions.DependencyInjection;

namespace CooperationBot.Tests.Http;

/// <summary>Where a digest goes and what its record says, checked at the loopback Bot Connector fake (issues #14.2 and #15.2).</summary>
public sealed class DigestDeliveryHttpTests : BotOverHttp
{
    private const string TeamId = "19:committee-team@thread.tacv2";
    private const string OtherTeamId = "19:someone-elses-team@thread.tacv2";
    private DigestService Digests => App.Services.GetRequiredService<DigestService>();

    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    private static string DigestIdOf(JsonObject? activity) => activity!["attachments"]![0]!["content"]!["actions"]![0]!["data"]!["digestId"]!.GetValue<string>();

    private JsonObject ChannelMessage(string text, string teamId = TeamId, string? aadObjectId = null) =>
        TeamsActivities.ChannelMention(Connector.ServiceUrl, text, teamId, teamId == TeamId ? "院地合作委员会" : "别的团队", aadObjectId: aadObjectId ?? DemoUser.AadObjectId);

    [Fact]
    public async Task Refresh_pressed_the_moment_the_post_reaches_teams_already_returns_the_digest()
    {
        await App.PostActivityAsync(ChannelMessage("绑定本频道"));
        string? refreshedDuringPost = null;
        Connector.Fault = call =>
        {
            if (call.Path == "/v3/conversations" && refreshedDuringPost is null)
            {
                // The post is on its way: someone in the channel clicks Refresh before the bot hears back.
                var refresh = TeamsActivities.CardAction(Connector.ServiceUrl, "digest.refresh", new JsonObject { ["digestId"] = DigestIdOf(call.Activity) });
                var response = App.PostActivityAsync(refresh).GetAwaiter().GetResult();
                refreshedDuringPost = Readable(response.Content.ReadFromJsonAsync<JsonObject>().GetAwaiter().GetResult()!["value"]);
            }

            return null;
        };

        await App.PostActivityAsync(ChannelMessage("汇总"));

        await Connector.WaitForAsync(c => Readable(c.Activity).Contains("汇总已发布到", StringComparison.Ordinal));
        Assert.Contains("已提交 0/9 个单位", refreshedDuringPost, StringComparison.Ordinal);
        Assert.DoesNotContain("不可用", refreshedDuringPost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_teams_refuses_is_reported_to_the_organiser_and_leaves_a_failed_record_not_an_orphan()
    {
        await App.PostActivityAsync(ChannelMessage("绑定本频道"));
        string? failedId = null;
        Connector.Fault = call =>
        {
            if (call.Path != "/v3/conversations")
            {
                return null;
            }

            failedId = DigestIdOf(call.Activity);
            return (403, null);
        };

        await App.PostActivityAsync(ChannelMessage("汇总"));

        await Connector.WaitForAsync(c => Readable(c.Activity).Contains("汇总未能发布（HTTP 403），没有丢失任何内容", StringComparison.Ordinal));
        var record = await Digests.GetRecordAsync(failedId!, CancellationToken.None);
        Assert.Equal(DigestState.Failed, record!.State);
        Assert.Null(await Digests.RefreshAsync(failedId!, CancellationToken.None));

        Connector.Fault = null;
        await App.PostActivityAsync(ChannelMessage("汇总"));
        var post = await Connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.Contains("变化（首次汇总）", Readable(post.Activity), StringComparison.Ordinal);
        Assert.Equal(DigestState.Posted, (await Digests.GetRecordAsync(DigestIdOf(post.Activity), CancellationToken.None))!.State);
    }

    [Fact]
    public async Task With_no_channel_bound_a_digest_asked_for_in_a_channel_goes_only_to_the_organisers_chat_with_a_request_to_bind()
    {
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助"));

        await App.PostActivityAsync(ChannelMessage("汇总"));

        var sent = await Connector.WaitForAsync(c => c.ConversationId == "a:1" + DemoUser.AadObjectId && Readable(c.Activity?["attachments"]).Contains("跟进汇总 —", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Contains("还没有绑定发布汇总的频道，所以这份汇总只发给了你", (string?)sent.Activity!["text"], StringComparison.Ordinal);
        var reply = await Connector.WaitForAsync(c => Readable(c.Activity).Contains("我已把这份汇总私信发给你", StringComparison.Ordinal));
        Assert.StartsWith(TeamId, reply.ConversationId, StringComparison.Ordinal);
        Assert.DoesNotContain(Connector.Calls, c => c.Path == "/v3/conversations");
        Assert.DoesNotContain(Connector.Calls, c => c.ConversationId.StartsWith(TeamId, StringComparison.Ordinal) && c.Activity?["attachments"] is not null);
    }

    [Fact]
    public async Task A_mention_of_the_bot_in_another_team_does_not_redirect_the_committees_digest()
    {
        await App.PostActivityAsync(ChannelMessage("绑定本频道"));
        await App.PostActivityAsync(ChannelMessage("帮助", OtherTeamId, aadObjectId: "aad-someone-else"));

        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "汇总"));

        var post = await Connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.StartsWith(TeamId, post.ConversationId, StringComparison.Ordinal);
    }
}
