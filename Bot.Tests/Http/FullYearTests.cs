using System.Globalization;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// A committee's whole year over HTTP, as Teams sends it: the 2020 cycle is reported, the organiser opens
/// the next cycle, the bot restarts, the unit reports against its 2020 priorities, and the digest says how
/// many it completed. Run on both stores.
/// </summary>
public sealed class FullYearTests : IAsyncLifetime
{
    private const string TeamId = "19:committee-team@thread.tacv2";
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    public static TheoryData<string> Stores => ["local folder", "Azure Blob Storage (Azurite)"];

    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    private static async Task<string> InvokeAsync(BotApp app, JsonObject activity)
    {
        var response = await app.PostActivityAsync(activity);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        return Readable(body["value"]);
    }

    /// <summary>Sends a message and returns what the bot posted back for it.</summary>
    private async Task<string> SayAsync(BotApp app, JsonObject activity)
    {
        var before = connector.Calls.ToHashSet();
        await app.PostActivityAsync(activity);
        return Readable((await connector.WaitForAsync(c => !before.Contains(c) && c.Activity?["type"]?.GetValue<string>() == "message")).Activity);
    }

    private JsonObject ChannelMessage(string text) => TeamsActivities.ChannelMention(connector.ServiceUrl, text, TeamId);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_year_is_reported_the_next_cycle_follows_up_its_priorities_and_the_digest_counts_what_was_done(string store)
    {
        var settings = store == "local folder" ? StorageSettings.LocalFolder() : await StorageSettings.AzuriteAsync();

        // The demo user (Alex Wilber) is the contact of DICP and an organiser.
        await using (var spring = new BotApp(settings))
        {
            var submitted = await InvokeAsync(spring, TeamsActivities.CardAction(connector.ServiceUrl, "report.submit", new JsonObject
            {
                ["unitId"] = "dicp",
                ["cycleId"] = "2019-2020",
                ["baseVersion"] = 0,
                ["remark"] = string.Empty,
                ["achievements"] = "与延长石油、中石油、华为、茅台建立战略合作",
                ["priorities"] = "推进榆林国家能源革命创新示范区\n与辽宁省共建洁净能源创新研究院\n服务鞍钢转型升级",
            }));
            Assert.Contains("第1版", submitted, StringComparison.Ordinal);

            var confirm = await InvokeAsync(spring, TeamsActivities.CardAction(connector.ServiceUrl, "cycle.new", []));
            Assert.Contains("当前周期：2019年度成果 / 2020年度重点工作", confirm, StringComparison.Ordinal);
            var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var opened = await InvokeAsync(spring, TeamsActivities.CardAction(connector.ServiceUrl, "cycle.confirm", new JsonObject
            {
                ["base"] = "2019-2020",
                ["reportingYear"] = "2020",
                ["deadline"] = deadline,
                ["directivesChoice"] = NewCycleInput.CarryOver,
            }));
            Assert.Contains($"新一轮已开启：2020年度成果 / 2021年度重点工作，截止日期{deadline}。", opened, StringComparison.Ordinal);
        }

        // Restarted: the new cycle, the old reports and the priorities to follow up all come from the store.
        await using var autumn = new BotApp(settings);
        var card = await SayAsync(autumn, TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报"));
        Assert.Contains("大连化物所 — 2020年度成果 / 2021年度重点工作", card, StringComparison.Ordinal);
        Assert.Contains("2020年度重点工作完成情况", card, StringComparison.Ordinal);
        Assert.Contains("3. 服务鞍钢转型升级", card, StringComparison.Ordinal);

        var stale = await InvokeAsync(autumn, TeamsActivities.CardAction(connector.ServiceUrl, "report.submit", new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2019-2020",
            ["baseVersion"] = 1,
            ["remark"] = string.Empty,
            ["achievements"] = "改写往年",
            ["priorities"] = "改写往年",
        }));
        Assert.Contains("该卡片属于其他填报周期", stale, StringComparison.Ordinal);

        var summary = await InvokeAsync(autumn, TeamsActivities.CardAction(connector.ServiceUrl, "report.submit", new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2020-2021",
            ["baseVersion"] = 0,
            ["remark"] = string.Empty,
            ["achievements"] = "榆林示范区首个项目投产",
            ["priorities"] = "建成洁净能源创新研究院",
            ["followup.0.status"] = "Done",
            ["followup.0.note"] = "首个项目已投产",
            ["followup.1.status"] = "Partly",
            ["followup.1.note"] = string.Empty,
            ["followup.2.status"] = "Done",
            ["followup.2.note"] = string.Empty,
        }));
        Assert.Contains("上一轮重点工作：已完成2/3项", summary, StringComparison.Ordinal);
        Assert.Contains("推进榆林国家能源革命创新示范区 — 已完成：首个项目已投产", summary, StringComparison.Ordinal);

        // Until an organiser binds a channel, digests go to organisers only (#15 finding 2).
        await SayAsync(autumn, ChannelMessage("绑定本频道"));
        var digest = await SayAsync(autumn, ChannelMessage("汇总"));
        Assert.Contains("2020年度重点工作完成情况：大连化物所 2/3", digest, StringComparison.Ordinal);
        Assert.Contains("已提交 1/9 个单位", digest, StringComparison.Ordinal);

        var lastYear = await SayAsync(autumn, TeamsActivities.PersonalMessage(connector.ServiceUrl, "往年填报 2019-2020"));
        Assert.Contains("已提交第1版（Alex Wilber）", lastYear, StringComparison.Ordinal);
        var report = await InvokeAsync(autumn, TeamsActivities.CardAction(connector.ServiceUrl, "reports.pastUnit", new JsonObject { ["cycleId"] = "2019-2020", ["unitId"] = "dicp" }));
        Assert.Contains("与延长石油、中石油、华为、茅台建立战略合作", report, StringComparison.Ordinal);
        Assert.DoesNotContain("report.edit", report, StringComparison.Ordinal);
        Assert.Empty(connector.Violations);
    }
}
