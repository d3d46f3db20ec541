using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// Reaching people who never opened the bot, over HTTP: the app as deployed, the loopback Bot Connector
/// fake and the loopback Graph fake. The sample committee lists every contact and the organiser 马越红
/// by UPN only; in demo mode Alex Wilber is an organiser (and a contact of 大连化物所).
/// </summary>
public sealed class ReachEveryoneHttpTests : IAsyncLifetime
{
    private const string TeamsAppId = "7b0e9a31-2c4d-4f6a-8b1e-5d3c2a190f77";
    private const string CatalogAppId = "22f73bbe-f67a-4dea-bd54-54cac718cb2b";
    private const string NotInDirectory = "contact@sky.example.org";
    private const string Blocked = "contact@sict.example.org";
    private static readonly string[] Reachable =
    [
        "contact@dicp.example.org", "contact@imr.example.org", "contact@iae.example.org", "contact@sia.example.org",
        "contact@iocas.example.org", "contact@qibebt.example.org", "contact@yic.example.org",
    ];

    private const string Organiser = "organiser@shenyang-branch.example.org";
    private readonly Dictionary<string, GraphUser> users = [];
    private FakeBotConnector connector = null!;
    private FakeGraph graph = null!;
    private BotApp app = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeBotConnector.StartAsync();
        graph = await FakeGraph.StartAsync();
        graph.Catalog[TeamsAppId] = CatalogAppId;
        graph.Latency = TimeSpan.FromMilliseconds(30);
        foreach (var upn in Reachable.Append(Organiser).Append(Blocked))
        {
            users[upn] = graph.AddUser(upn, upn.Split('@')[0]);
        }

        graph.Fault = r => r.Method == "POST" && r.Path.Contains(users[Blocked].Id, StringComparison.OrdinalIgnoreCase)
            ? new GraphFault(403, "Forbidden", "App is blocked by app permission policy. TenantId: t, UserObjectId: u, AppId: a, AppType: Private")
            : null;
        app = new BotApp(StorageSettings.LocalFolder(), new Dictionary<string, string?>
        {
            ["Graph:Enabled"] = "true",
            ["Graph:BaseUrl"] = graph.BaseUrl.ToString(),
            ["Graph:Authentication"] = "None",
            ["Graph:TeamsAppId"] = TeamsAppId,
            ["Graph:MaxConcurrency"] = "3",
            ["Outbox:PollInterval"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await graph.DisposeAsync();
        await connector.DisposeAsync();
    }

    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    /// <summary>The texts of a card in order, as a reader sees them (TextBlocks and TextRuns).</summary>
    private static string CardText(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] is "TextBlock" or "TextRun" => (string?)o["text"] ?? string.Empty,
        JsonObject o => string.Join("\n", o.Select(p => CardText(p.Value)).Where(t => t.Length > 0)),
        JsonArray a => string.Join("\n", a.Select(CardText).Where(t => t.Length > 0)),
        _ => string.Empty,
    };

    private string ChatOf(string upn) => FakeGraph.ChatIdOf(users[upn].Id);

    private IReadOnlyList<ConnectorCall> CallsIn(string conversationId) => connector.Calls.Where(c => c.ConversationId == conversationId).ToList();

    private Task<ConnectorCall> ReplyToOrganiserAsync(string text) =>
        connector.WaitForAsync(c => c.ConversationId == "a:1" + DemoUser.AadObjectId && Readable(c.Activity).Contains(text, StringComparison.Ordinal));

    /// <summary>What Teams sends when the app is installed for someone: installationUpdate and conversationUpdate in their new chat.</summary>
    private static IEnumerable<JsonObject> InstallEvents(Uri serviceUrl, string aadObjectId)
    {
        var installation = TeamsActivities.PersonalMessage(serviceUrl, string.Empty, aadObjectId: aadObjectId, name: string.Empty);
        installation.Remove("text");
        installation["type"] = "installationUpdate";
        installation["action"] = "add";
        var membersAdded = TeamsActivities.PersonalMessage(serviceUrl, string.Empty, aadObjectId: aadObjectId, name: string.Empty);
        membersAdded.Remove("text");
        membersAdded["type"] = "conversationUpdate";
        membersAdded["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:1" + aadObjectId, ["aadObjectId"] = aadObjectId });
        return [installation, membersAdded];
    }

    [Fact]
    public async Task Reaching_everyone_greets_each_person_once_in_the_chat_graph_opened_and_a_second_request_sends_nothing()
    {
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "联系全部联络人"));

        var summary = Readable((await ReplyToOrganiserAsync("联系全部联络人")).Activity);
        Assert.Contains("此前已可联系 1 人，本次新联系 8 人，无法联系 2 人。", summary, StringComparison.Ordinal);
        Assert.Contains("沈阳科仪公司联络员（沈阳科仪公司）：", summary, StringComparison.Ordinal);
        Assert.Contains("组织目录中找不到 contact@sky.example.org", summary, StringComparison.Ordinal);
        Assert.Contains("沈阳计算所公司联络员（沈阳计算所公司）：", summary, StringComparison.Ordinal);
        Assert.Contains("Teams 应用权限策略不允许此人使用本应用", summary, StringComparison.Ordinal);
        Assert.Contains("马越红 (Ma Yuehong)（组织方）", summary, StringComparison.Ordinal);

        var imr = await connector.WaitForAsync(c => c.ConversationId == ChatOf("contact@imr.example.org"));
        Assert.Contains("金属所联络员，您好！", Readable(imr.Activity), StringComparison.Ordinal);
        Assert.Contains("金属所 — 2019年度成果 / 2020年度重点工作", Readable(imr.Activity), StringComparison.Ordinal);
        var organiser = await connector.WaitForAsync(c => c.ConversationId == ChatOf(Organiser));
        Assert.Contains("您是本委员会的组织方。", Readable(organiser.Activity), StringComparison.Ordinal);
        foreach (var upn in Reachable)
        {
            await connector.WaitForAsync(c => c.ConversationId == ChatOf(upn));
        }

        Assert.InRange(graph.MaxInFlight, 2, 3);

        // Teams announces each installation to the bot; the bot greeted already, so it stays quiet.
        var iae = users["contact@iae.example.org"];
        foreach (var activity in InstallEvents(connector.ServiceUrl, iae.Id))
        {
            await app.PostActivityAsync(activity);
        }

        Assert.Empty(CallsIn("a:1" + iae.Id));

        var installsBefore = graph.RequestsTo("POST", "/v1.0/users").Count;
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "联系全部联络人"));
        var second = await connector.WaitForAsync(c => c.ConversationId == "a:1" + DemoUser.AadObjectId && Readable(c.Activity).Contains("此前已可联系 9 人", StringComparison.Ordinal));
        Assert.Contains("本次新联系 0 人，无法联系 2 人。", Readable(second.Activity), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        foreach (var upn in Reachable.Append(Organiser))
        {
            Assert.Single(CallsIn(ChatOf(upn)));
        }

        // Only the blocked person is tried again; nobody reached is installed twice.
        Assert.Equal(installsBefore + 1, graph.RequestsTo("POST", "/v1.0/users").Count);
        Assert.Empty(connector.Violations);

        // A reminder now reaches contacts who never wrote to the bot, in the chat Graph opened.
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "提醒"));
        var answer = Readable((await ReplyToOrganiserAsync("发送提醒")).Activity);
        Assert.Contains("无法提醒 沈阳科仪公司联络员：组织目录中找不到 contact@sky.example.org", answer, StringComparison.Ordinal);
        var reminder = await connector.WaitForAsync(c => c.ConversationId == ChatOf("contact@yic.example.org") && Readable(c.Activity).Contains("提醒：", StringComparison.Ordinal));
        Assert.Contains("烟台海岸带所 — 2019年度成果 / 2020年度重点工作", Readable(reminder.Activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_welcoming_someone_while_the_bot_is_still_opening_their_chat_greets_them_once()
    {
        // Teams delivers the installation events while the bot is still asking Graph for the chat.
        var qibebt = users["contact@qibebt.example.org"];
        var announced = 0;
        var blocked = graph.Fault;
        graph.Fault = r =>
        {
            if (r.Path.EndsWith("/chat", StringComparison.Ordinal) && r.Path.Contains(qibebt.Id, StringComparison.Ordinal) && Interlocked.Exchange(ref announced, 1) == 0)
            {
                foreach (var activity in InstallEvents(connector.ServiceUrl, qibebt.Id))
                {
                    app.PostActivityAsync(activity).GetAwaiter().GetResult();
                }
            }

            return blocked?.Invoke(r);
        };

        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "联系全部联络人"));

        var summary = Readable((await ReplyToOrganiserAsync("联系全部联络人")).Activity);
        Assert.Contains("本次新联系 8 人", summary, StringComparison.Ordinal);
        await connector.WaitForAsync(c => c.ConversationId == ChatOf("contact@iocas.example.org"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        // The bot's own welcome on install: its greeting and the unit's card, once.
        var welcome = CallsIn("a:1" + qibebt.Id);
        Assert.Equal(2, welcome.Count);
        Assert.Contains("青岛生物能源所 — 2019年度成果 / 2020年度重点工作", Readable(welcome[1].Activity), StringComparison.Ordinal);
        Assert.Empty(CallsIn(ChatOf("contact@qibebt.example.org")));
    }

    [Fact]
    public async Task A_reminder_first_reaches_late_contacts_who_never_opened_the_bot_and_the_reminder_is_their_only_message()
    {
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "提醒"));

        var answer = Readable((await ReplyToOrganiserAsync("发送提醒")).Activity);
        Assert.Contains("已向尚未提交的 9 个单位的 8 位联络人发送提醒。", answer, StringComparison.Ordinal);
        Assert.Contains("无法提醒 沈阳计算所公司联络员：组织的 Teams 应用权限策略不允许此人使用本应用", answer, StringComparison.Ordinal);
        Assert.Contains("reach.everyone", answer, StringComparison.Ordinal);
        foreach (var upn in Reachable)
        {
            var reminder = await connector.WaitForAsync(c => c.ConversationId == ChatOf(upn));
            Assert.Contains("提醒：", Readable(reminder.Activity), StringComparison.Ordinal);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(Reachable, upn => Assert.Single(CallsIn(ChatOf(upn))));
        Assert.DoesNotContain(connector.Calls, c => Readable(c.Activity).Contains("组织方请我在 Teams 中联系您", StringComparison.Ordinal));

        // The organiser is no late contact: reminders do not install the app for them.
        Assert.False(graph.IsInstalledFor(users[Organiser].Id));
    }

    [Fact]
    public async Task A_contact_listed_only_by_email_is_recognised_from_their_first_message_through_the_directory()
    {
        // Their UPN is not the address the committee lists, and Teams' member lookup finds nothing here.
        var person = graph.AddUser("jin.lian@imr.example.org", "金联络", mail: "contact@imr.example.org");
        graph.Users.TryRemove(users["contact@imr.example.org"].Id, out _);

        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报", aadObjectId: person.Id, name: "金联络"));

        var card = await connector.WaitForAsync(c => c.ConversationId == "a:1" + person.Id);
        Assert.Contains("金属所 — 2019年度成果 / 2020年度重点工作", Readable(card.Activity), StringComparison.Ordinal);
        var lookup = Assert.Single(graph.RequestsTo("GET", $"/v1.0/users/{person.Id}"));
        Assert.Equal("id,userPrincipalName,mail,displayName", lookup.QueryValue("$select"));
    }

    [Fact]
    public async Task The_buttons_on_the_digest_and_under_the_remind_answer_reach_everyone_too()
    {
        const string teamId = "19:committee-team@thread.tacv2";
        var inChannel = TeamsActivities.PersonalMessage(connector.ServiceUrl, "<at>CooperationBot</at> 汇总");
        inChannel["conversation"] = new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TeamsActivities.TenantId, ["id"] = $"{teamId};messageid=1700000000001" };
        inChannel["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TeamsActivities.TenantId },
            ["team"] = new JsonObject { ["id"] = teamId, ["name"] = "院地合作委员会" },
            ["channel"] = new JsonObject { ["id"] = teamId },
        };
        inChannel["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>CooperationBot</at>", ["mentioned"] = new JsonObject { ["id"] = TeamsActivities.BotId, ["name"] = "CooperationBot" } });
        var bind = inChannel.DeepClone().AsObject();
        bind["text"] = "<at>CooperationBot</at> 绑定本频道";
        await app.PostActivityAsync(bind);
        await app.PostActivityAsync(inChannel);
        var digest = await connector.WaitForAsync(c => c.Path == "/v3/conversations");
        var actions = digest.Activity!["attachments"]![0]!["content"]!["actions"]!.AsArray();
        var reach = Assert.Single(actions, a => (string?)a!["verb"] == "reach.everyone")!;
        Assert.Equal("联系全部联络人", (string?)reach["title"]);

        var onDigest = await app.PostActivityAsync(TeamsActivities.CardAction(connector.ServiceUrl, "reach.everyone", (JsonObject)reach["data"]!.DeepClone()));
        var refreshed = Readable(await onDigest.Content.ReadFromJsonAsync<JsonObject>());
        Assert.Contains("digest.refresh", refreshed, StringComparison.Ordinal);
        var posted = await ReplyToOrganiserAsync("本次新联系 8 人");
        Assert.NotNull(posted);

        var underRemind = await app.PostActivityAsync(TeamsActivities.CardAction(connector.ServiceUrl, "reach.everyone", new JsonObject()));
        var summary = Readable(await underRemind.Content.ReadFromJsonAsync<JsonObject>());
        Assert.Contains("此前已可联系 8 人，本次新联系 0 人，无法联系 3 人。", summary, StringComparison.Ordinal);

        // Alex Wilber clicked in the channel and never opened a 1:1 chat; the directory fake does not know him.
        Assert.Contains("• Alex Wilber（大连化物所、组织方）：\n此人没有 Teams 许可证", CardText(JsonNode.Parse(summary)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_not_an_organiser_cannot_make_the_bot_install_itself_for_people()
    {
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "联系全部联络人", aadObjectId: "aad-someone-else", name: "Megan Bowen"));

        var reply = await connector.WaitForAsync(c => c.ConversationId == "a:1aad-someone-else");
        Assert.Contains("只有组织方可以执行此操作。", Readable(reply.Activity), StringComparison.Ordinal);
        Assert.Empty(graph.RequestsTo("POST", "/v1.0/users"));
    }
}
