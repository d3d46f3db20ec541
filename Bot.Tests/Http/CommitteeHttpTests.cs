using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// Organisers editing the committee over HTTP, as Teams posts the card actions, against Azure Blob
/// Storage (Azurite): two bot instances share one store, as two App Service instances do.
/// </summary>
public sealed class CommitteeHttpTests : IAsyncLifetime
{
    private const string Ma = "3f2a9c10-0000-4000-8000-00000000000a";
    private const string Wang = "3f2a9c10-0000-4000-8000-00000000000b";
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    /// <summary>The sample committee with two organisers known by object id, on a fresh Azurite container.</summary>
    private static async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        var committee = SampleCommittee.Json();
        committee["organisers"] = new JsonArray(
            new JsonObject { ["name"] = "马越红", ["aadObjectId"] = Ma },
            new JsonObject { ["name"] = "王组织", ["aadObjectId"] = Wang });
        var file = Path.Combine(Directory.CreateTempSubdirectory("committee-").FullName, "committee.json");
        await File.WriteAllTextAsync(file, committee.ToJsonString());
        var storage = await StorageSettings.AzuriteAsync();
        return new Dictionary<string, string?>(storage.Values) { ["Committee:File"] = file, ["Committee:DemoMode"] = "false" };
    }

    private async Task<JsonObject> InvokeAsync(BotApp app, string aadObjectId, string verb, JsonObject data)
    {
        var response = await app.PostActivityAsync(TeamsActivities.CardAction(connector.ServiceUrl, verb, data, aadObjectId: aadObjectId));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        return (JsonObject)body["value"]!;
    }

    /// <summary>What a click on the card's button sends: the button's data and every input's value, changed where typed.</summary>
    private static JsonObject Submit(JsonObject card, string verb, Dictionary<string, string> typed)
    {
        var nodes = Flatten(card).ToList();
        var data = nodes.Single(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb)["data"]!.DeepClone().AsObject();
        foreach (var input in nodes.Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            var id = (string)input["id"]!;
            data[id] = typed.TryGetValue(id, out var value) ? value : input["value"]?.ToString() ?? string.Empty;
        }

        return data;
    }

    /// <summary>The card's text as read: a line per text block, the runs of a rich text block together.</summary>
    private static string CardText(JsonNode card) => string.Join("\n", Flatten(card)
        .Where(o => (string?)o["type"] is "TextBlock" or "RichTextBlock")
        .Select(o => (string?)o["type"] == "TextBlock" ? (string?)o["text"] : string.Concat(o["inlines"]!.AsArray().Select(r => (string?)r!["text"]))));

    private static IEnumerable<JsonObject> Flatten(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Flatten(p.Value))),
        JsonArray a => a.SelectMany(Flatten),
        _ => [],
    };

    [Fact]
    public async Task Two_organisers_on_two_instances_editing_different_parts_at_once_both_keep_their_change()
    {
        var settings = await SettingsAsync();
        await using var first = new BotApp(new StorageSettings(settings));
        await using var second = new BotApp(new StorageSettings(settings));

        for (var round = 1; round <= 4; round++)
        {
            var meeting = await InvokeAsync(first, Ma, "committee.meeting.edit", []);
            var dates = await InvokeAsync(second, Wang, "committee.dates.edit", []);

            await Task.WhenAll(
                InvokeAsync(first, Ma, "committee.meeting.save", Submit(meeting, "committee.meeting.save", new() { ["chairZh"] = $"主持人{round}" })),
                InvokeAsync(second, Wang, "committee.dates.save", Submit(dates, "committee.dates.save", new() { ["deadline"] = $"2020-07-0{round}" })));

            var card = Readable(await InvokeAsync(second, Wang, "committee.open", []));
            Assert.Contains($"主持：主持人{round}", card, StringComparison.Ordinal);
            Assert.Contains($"截止日期 2020-07-0{round}", card, StringComparison.Ordinal);
        }

        var history = CardText(await InvokeAsync(first, Ma, "committee.history", []));
        Assert.Contains("主持人（中文）：主持人3 → 主持人4", history, StringComparison.Ordinal);
        Assert.Contains("截止日期：2020-07-03 → 2020-07-04", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_organisers_saving_the_same_part_at_once_one_is_saved_and_the_other_is_told_with_their_text_kept()
    {
        var settings = await SettingsAsync();
        await using var first = new BotApp(new StorageSettings(settings));
        await using var second = new BotApp(new StorageSettings(settings));
        var mine = await InvokeAsync(first, Ma, "committee.meeting.edit", []);
        var theirs = await InvokeAsync(second, Wang, "committee.meeting.edit", []);

        var cards = await Task.WhenAll(
            InvokeAsync(first, Ma, "committee.meeting.save", Submit(mine, "committee.meeting.save", new() { ["chairZh"] = "马越红填的主持人" })),
            InvokeAsync(second, Wang, "committee.meeting.save", Submit(theirs, "committee.meeting.save", new() { ["chairZh"] = "王组织填的主持人" })));

        var texts = cards.Select(Readable).ToList();
        // The one told may not see who changed it yet (the history entry is written just after the change).
        Assert.Single(texts, t => t.Contains("保存。", StringComparison.Ordinal) && !t.Contains("未保存", StringComparison.Ordinal));
        var told = Assert.Single(texts, t => t.Contains("您的修改未保存", StringComparison.Ordinal));
        var loser = texts.IndexOf(told) == 0 ? "马越红填的主持人" : "王组织填的主持人";
        var winner = texts.IndexOf(told) == 0 ? "王组织填的主持人" : "马越红填的主持人";
        Assert.Equal(loser, Flatten(cards[texts.IndexOf(told)]).Single(o => (string?)o["id"] == "chairZh")["value"]!.GetValue<string>());
        Assert.Contains($"主持：{winner}", Readable(await InvokeAsync(first, Ma, "committee.open", [])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_added_on_one_instance_is_recognised_by_the_other_within_the_refresh_interval()
    {
        var settings = await SettingsAsync();
        await using var first = new BotApp(new StorageSettings(settings));
        await using var second = new BotApp(new StorageSettings(settings));
        const string newContact = "3f2a9c10-0000-4000-8000-0000000000cc";
        await second.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "帮助", aadObjectId: newContact, name: "钱新人"));
        var unit = await InvokeAsync(first, Ma, "committee.unit.edit", new JsonObject { ["unitId"] = "imr" });

        await InvokeAsync(first, Ma, "committee.unit.save", Submit(unit, "committee.unit.save", new() { ["people"] = newContact, ["personName"] = "钱新人" }));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        var recognised = false;
        while (!recognised && DateTime.UtcNow < deadline)
        {
            var before = connector.Calls.ToHashSet();
            await second.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报", aadObjectId: newContact, name: "钱新人"));
            var reply = await connector.WaitForAsync(c => !before.Contains(c) && c.Activity?["type"]?.GetValue<string>() == "message");
            recognised = Readable(reply.Activity).Contains("金属所 — 2019年度成果", StringComparison.Ordinal);
            await Task.Delay(recognised ? 0 : 500);
        }

        Assert.True(recognised, "the second instance never recognised the new contact");
    }
}
