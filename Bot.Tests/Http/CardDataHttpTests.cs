using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CooperationBot.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace CooperationBot.Tests.Http;

/// <summary>Card data is bound in one place: whatever cannot be read is a polite 400 and stores nothing, never a 500.</summary>
public sealed class CardDataHttpTests : BotOverHttp
{
    private static JsonObject Submit() => new()
    {
        ["unitId"] = "dicp",
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = 0,
        ["achievements"] = "成果",
        ["priorities"] = "重点",
        ["remark"] = string.Empty,
    };

    public static TheoryData<string, string> BrokenSubmissions => new()
    {
        { "unit id is an object", """{"unitId":{"id":"dicp"}}""" },
        { "unit id is missing", """{"unitId":null}""" },
        { "unit id is 10,000 characters", $$"""{"unitId":"{{new string('d', 10_000)}}"}""" },
        { "unit id walks the store", """{"unitId":"../../committees"}""" },
        { "base version is text", """{"baseVersion":"abc"}""" },
        { "base version is negative", """{"baseVersion":-1}""" },
        { "achievements are a list", """{"achievements":["a","b"]}""" },
        { "achievements are 40,000 characters", $$"""{"achievements":"{{new string('成', 40_000)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(BrokenSubmissions))]
    public async Task Submit_data_that_cannot_be_read_is_a_polite_400_and_stores_nothing(string why, string change)
    {
        var data = Submit();
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            data[key] = value?.DeepClone();
        }

        var response = await App.PostActivityAsync(TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", data));

        await AssertPoliteBadRequestAsync(response, why);
        var report = await App.Services.GetRequiredService<ReportService>().GetAsync("dicp", CancellationToken.None);
        Assert.Equal(0, report.Version);
    }

    [Fact]
    public async Task Data_that_is_not_an_object_or_an_action_that_is_not_action_execute_is_a_polite_400()
    {
        var arrayData = TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", Submit());
        arrayData["value"]!["action"]!["data"] = new JsonArray("dicp");
        var submitAction = TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", Submit());
        submitAction["value"]!["action"]!["type"] = "Action.Submit";
        var noAction = TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", Submit());
        noAction["value"] = "report.submit";

        // No Teams client sends data or a value that is not an object: the endpoint refuses those before any turn.
        Assert.Equal(HttpStatusCode.BadRequest, (await App.PostActivityAsync(arrayData)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.PostActivityAsync(noAction)).StatusCode);
        await AssertPoliteBadRequestAsync(await App.PostActivityAsync(submitAction), "Action.Submit");
    }

    [Fact]
    public async Task A_digest_id_that_walks_the_store_or_an_unknown_verb_is_a_polite_400()
    {
        var walking = TeamsActivities.CardAction(Connector.ServiceUrl, "digest.refresh", new JsonObject { ["digestId"] = "../../../etc" });
        var unknown = TeamsActivities.CardAction(Connector.ServiceUrl, "report.delete", Submit());

        await AssertPoliteBadRequestAsync(await App.PostActivityAsync(walking), "digest id");
        var response = await App.PostActivityAsync(unknown);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("我不认识这个按钮", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!["message"], StringComparison.Ordinal);
    }

    private static async Task AssertPoliteBadRequestAsync(HttpResponseMessage response, string why)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: HTTP {(int)response.StatusCode}");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
        Assert.Equal("抱歉，无法读取该卡片的内容，本次未保存任何内容。请重新获取卡片后再试。", (string?)body["value"]!["message"]);
    }
}
