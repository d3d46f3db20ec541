using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// What reaches the bot through POST /api/messages: a malformed activity gets 400 and a body over the
/// limit 413, before the bot sees anything, so nothing is stored and nothing is sent.
/// </summary>
public sealed class MessageEnvelopeTests : IAsyncLifetime
{
    private readonly StorageSettings storage = StorageSettings.LocalFolder();
    private FakeBotConnector connector = null!;
    private BotApp app = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeBotConnector.StartAsync();
        app = new BotApp(storage);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await connector.DisposeAsync();
    }

    private string StoreFolder => storage.Values["Storage:LocalFolder"]!;

    /// <summary>Every stored document with its content, to compare before and after.</summary>
    private Dictionary<string, string> StoredDocuments() => Infrastructure.StoredDocuments.In(StoreFolder);

    private JsonObject Submit(string verb = "report.submit") => TeamsActivities.CardAction(connector.ServiceUrl, verb, new JsonObject
    {
        ["unitId"] = "dicp",
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = 0,
        ["achievements"] = "与华为合作",
        ["priorities"] = "谋划示范区",
        ["remark"] = string.Empty,
    });

    public static TheoryData<string> Malformed =>
    [
        "card data is an array",
        "card data is null",
        "card data is text",
        "card value is an array",
        "card action is missing",
        "card verb is a number",
        "invoke without a name",
        "no from",
        "from is text",
        "from without id",
        "no conversation",
        "conversation is an array",
        "no serviceUrl",
        "serviceUrl is not a web address",
        "no recipient",
        "no channelId",
        "conversation id of 10,000 characters",
        "user id of 1,000 characters",
        "aadObjectId of 1,000 characters",
        "activity id of 1,000 characters",
        "unknown activity type",
        "no type",
        "type is a number",
        "message value is an array",
        "text is an object",
        "timestamp is not a time",
        "entities is an object",
    ];

    private JsonObject Break(string how)
    {
        var invoke = Submit();
        var message = TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报");
        var action = invoke["value"]!["action"]!.AsObject();
        switch (how)
        {
            case "card data is an array": action["data"] = new JsonArray("dicp"); return invoke;
            case "card data is null": action["data"] = null; return invoke;
            case "card data is text": action["data"] = "dicp"; return invoke;
            case "card value is an array": invoke["value"] = new JsonArray(1, 2); return invoke;
            case "card action is missing": invoke["value"]!.AsObject().Remove("action"); return invoke;
            case "card verb is a number": action["verb"] = 7; return invoke;
            case "invoke without a name": invoke.Remove("name"); return invoke;
            case "no from": message.Remove("from"); return message;
            case "from is text": message["from"] = "29:1"; return message;
            case "from without id": message["from"]!.AsObject().Remove("id"); return message;
            case "no conversation": message.Remove("conversation"); return message;
            case "conversation is an array": message["conversation"] = new JsonArray(); return message;
            case "no serviceUrl": message.Remove("serviceUrl"); return message;
            case "serviceUrl is not a web address": message["serviceUrl"] = "file:///etc/passwd"; return message;
            case "no recipient": message.Remove("recipient"); return message;
            case "no channelId": message.Remove("channelId"); return message;
            case "conversation id of 10,000 characters": message["conversation"]!["id"] = "a:" + new string('x', 10_000); return message;
            case "user id of 1,000 characters": message["from"]!["id"] = "29:" + new string('x', 1_000); return message;
            case "aadObjectId of 1,000 characters": message["from"]!["aadObjectId"] = new string('a', 1_000); return message;
            case "activity id of 1,000 characters": invoke["id"] = new string('1', 1_000); return invoke;
            case "unknown activity type": invoke["type"] = "launchMissiles"; return invoke;
            case "no type": message.Remove("type"); return message;
            case "type is a number": message["type"] = 1; return message;
            case "message value is an array": message["value"] = new JsonArray("x"); return message;
            case "text is an object": message["text"] = new JsonObject { ["zh"] = "填报" }; return message;
            case "timestamp is not a time": message["timestamp"] = "yesterday"; return message;
            case "entities is an object": message["entities"] = new JsonObject(); return message;
            default: throw new ArgumentOutOfRangeException(nameof(how), how, null);
        }
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_activity_gets_400_and_nothing_is_stored_or_sent(string how)
    {
        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "帮助"));
        await connector.WaitForAsync(_ => true);
        var before = StoredDocuments();
        var callsBefore = connector.Calls.Count;

        var response = await app.PostActivityAsync(Break(how));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Task.Delay(300);
        Assert.Equal(before, StoredDocuments());
        Assert.Equal(callsBefore, connector.Calls.Count);
    }

    [Fact]
    public async Task The_same_submission_well_formed_is_stored()
    {
        await app.CreateClient().GetAsync("/healthz");
        var before = StoredDocuments();

        var response = await app.PostActivityAsync(Submit());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("第1版", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(before.Count, StoredDocuments().Count);
    }

    [Fact]
    public async Task A_5_MB_message_gets_413_and_nothing_is_stored()
    {
        await app.CreateClient().GetAsync("/healthz");
        var before = StoredDocuments();
        var activity = TeamsActivities.PersonalMessage(connector.ServiceUrl, new string('长', 5 * 1024 * 1024 / 3));

        var response = await app.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, StoredDocuments());
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_declared_length_gets_413()
    {
        var json = TeamsActivities.PersonalMessage(connector.ServiceUrl, new string('x', 600 * 1024)).ToJsonString();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task A_large_but_real_sized_teams_message_is_still_answered()
    {
        // Teams caps a message at about 28 KB of text; twice that still goes through.
        var response = await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报 " + new string('长', 20_000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await connector.WaitForAsync(c => c.Activity?["text"] is not null || c.Activity?["attachments"] is not null);
    }

    [Fact]
    public async Task A_json_array_or_text_instead_of_an_activity_gets_400()
    {
        foreach (var body in new[] { "[]", "\"message\"", "null", "42" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await app.CreateClient().PostAsync("/api/messages", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
    }
}
