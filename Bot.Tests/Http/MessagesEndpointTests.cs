using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CooperationBot.Tests.Http;

public sealed class MessagesEndpointTests : BotOverHttp
{
    private static JsonObject SubmitData(string achievements, string priorities, int baseVersion = 0, string unitId = "dicp") => new()
    {
        ["unitId"] = unitId,
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = baseVersion,
        ["achievements"] = achievements,
        ["priorities"] = priorities,
        ["remark"] = string.Empty,
    };

    private async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await App.PostActivityAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        return (JsonObject)body["value"]!;
    }

    private static string CardText(JsonNode card) => string.Join("\n", Flatten(card)
        .Where(o => (string?)o["type"] is "TextBlock" or "TextRun").Select(o => (string?)o["text"]));

    private static IEnumerable<JsonObject> Flatten(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Flatten(p.Value))),
        JsonArray a => a.SelectMany(Flatten),
        _ => [],
    };

    [Fact]
    public async Task A_teams_message_gets_the_report_card_posted_back_to_the_connector_in_the_users_language()
    {
        var response = await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "填报"));

        Assert.True(response.IsSuccessStatusCode, $"status {response.StatusCode}");
        var reply = await Connector.WaitForAsync(c => c.Activity?["attachments"] is not null);
        Assert.Equal("a:1" + Committees.DemoUser.AadObjectId, reply.ConversationId);
        Assert.StartsWith($"/v3/conversations/{reply.ConversationId}/activities", Uri.UnescapeDataString(reply.Path), StringComparison.Ordinal);
        var attachment = reply.Activity!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Contains("大连化物所 — 2019年度成果 / 2020年度重点工作", CardText(attachment["content"]!), StringComparison.Ordinal);
        Assert.Equal("message", (string?)reply.Activity["type"]);
        Assert.Equal(TeamsActivities.BotId, (string?)reply.Activity["from"]?["id"]);
        Assert.Empty(Connector.Violations);
    }

    [Fact]
    public async Task A_card_action_invoke_returns_the_refreshed_card_in_the_invoke_response()
    {
        var card = await InvokeAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData("与延长石油建立战略合作\n与华为合作", "谋划榆林示范区")));

        var text = CardText(card);
        Assert.Contains("已由Alex Wilber于", text, StringComparison.Ordinal);
        Assert.Contains("第1版", text, StringComparison.Ordinal);
        Assert.Contains("• 与华为合作", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_invoke_delivered_twice_is_stored_once_and_a_new_one_makes_revision_two()
    {
        var first = TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData("成果一", "重点一"), activityId: "f:duplicate-1");

        await InvokeAsync(first);
        var again = await InvokeAsync(first.DeepClone().AsObject());
        var next = await InvokeAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData("成果一\n成果二", "重点一", baseVersion: 1)));

        Assert.Contains("第1版", CardText(again), StringComparison.Ordinal);
        Assert.Contains("第2版", CardText(next), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_submission_comes_back_with_the_error_next_to_the_field_and_the_text_kept()
    {
        var card = await InvokeAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData(string.Empty, "保留这段重点")));

        var body = card["body"]!.AsArray();
        var inputIndex = body.Select((e, i) => (e, i)).Single(x => (string?)x.e!["id"] == "achievements").i;
        Assert.Equal("请至少填写一项。", (string?)body[inputIndex + 1]!["text"]);
        Assert.Equal("保留这段重点", (string?)Flatten(card).Single(o => (string?)o["id"] == "priorities")["value"]);
    }

    [Fact]
    public async Task A_card_naming_another_unit_is_refused_and_nothing_is_stored_for_it()
    {
        var refused = await InvokeAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData("冒名", "冒名", unitId: "imr")));
        Assert.Contains("您不是该单位登记的联络人", CardText(refused), StringComparison.Ordinal);

        // Still nothing for IMR: the demo user is not its contact, and no revision exists for it anywhere.
        var own = await InvokeAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", SubmitData("成果一", "重点一")));
        Assert.Contains("第1版", CardText(own), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_not_registered_gets_a_polite_text_naming_the_organisers_and_no_card()
    {
        await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "report", "en-US", aadObjectId: "11111111-2222-3333-4444-555555555555", name: "Megan Bowen"));

        var reply = await Connector.WaitForAsync(c => c.Activity?["text"] is not null);
        Assert.Contains("Organisers register unit contacts; please ask one of them: 马越红 (Ma Yuehong), Alex Wilber.", (string?)reply.Activity!["text"], StringComparison.Ordinal);
        Assert.Null(reply.Activity["attachments"]);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_crash()
    {
        using var content = new StringContent("{ \"type\": \"message\", ", Encoding.UTF8, "application/json");

        var response = await App.CreateClient().PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Health_check_reports_the_store_healthy()
    {
        var response = await App.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
