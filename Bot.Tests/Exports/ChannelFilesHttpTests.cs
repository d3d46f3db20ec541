using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Tests.Http;
using CooperationBot.Tests.Infrastructure;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Tests.Exports;

/// <summary>
/// Exports saved into the meeting channel's Files folder, over HTTP: the app as deployed with Graph on,
/// the real GraphServiceClient against the loopback Graph fake, and the Bot Connector fake receiving the
/// channel's post. In demo mode Alex Wilber (the activities' user) is an organiser.
/// </summary>
public sealed class ChannelFilesHttpTests : IAsyncLifetime
{
    private const string TeamsAppId = "7b0e9a31-2c4d-4f6a-8b1e-5d3c2a190f77";
    private const string TeamId = "19:committee-team@thread.tacv2";
    private const string GroupId = "5f3c1a2b-8d4e-4f60-9a7b-1c2d3e4f5a6b";
    private const string FileStem = "中国科学院沈阳分院2020年度院地合作委员会工作会议材料-2019-2020-";
    private FakeBotConnector connector = null!;
    private FakeGraph graph = null!;
    private BotApp? app;

    public async Task InitializeAsync()
    {
        connector = await FakeBotConnector.StartAsync();
        graph = await FakeGraph.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await graph.DisposeAsync();
        await connector.DisposeAsync();
    }

    private BotApp App(bool graphOn = true, string channelSaveTimeout = "00:00:10") => app = new BotApp(StorageSettings.LocalFolder(), new Dictionary<string, string?>
    {
        ["Graph:Enabled"] = graphOn ? "true" : "false",
        ["Graph:BaseUrl"] = graph.BaseUrl.ToString(),
        ["Graph:Authentication"] = "None",
        ["Graph:TeamsAppId"] = TeamsAppId,
        ["Graph:MaxRetries"] = "1",
        ["Exports:ChannelSaveTimeout"] = channelSaveTimeout,
        ["Outbox:PollInterval"] = "00:00:00.100",
    });

    private static string Readable(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty;

    /// <summary>The texts of a card in order, as a reader sees them.</summary>
    private static string CardText(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] is "TextBlock" or "TextRun" => (string?)o["text"] ?? string.Empty,
        JsonObject o => string.Join("\n", o.Select(p => CardText(p.Value)).Where(t => t.Length > 0)),
        JsonArray a => string.Join("\n", a.Select(CardText).Where(t => t.Length > 0)),
        _ => string.Empty,
    };

    private static List<(string? Title, string? Url)> Links(JsonNode card) =>
        card["actions"]!.AsArray().Where(a => (string?)a!["type"] == "Action.OpenUrl").Select(a => ((string?)a!["title"], (string?)a["url"])).ToList();

    /// <summary>An @mention of the bot in the team's General channel, as Teams sends it (channelData.team without the group id, as in messages).</summary>
    private JsonObject ChannelMessage(string text, string? aadGroupId = null) => TeamsActivities.ChannelMention(connector.ServiceUrl, text, TeamId, aadGroupId: aadGroupId);

    /// <summary>The organiser clicks 生成 Word 和 Excel in the 1:1 chat; the answer is the card that replaces it.</summary>
    private async Task<JsonNode> ExportAsync(string locale = "zh-CN")
    {
        var response = await app!.PostActivityAsync(TeamsActivities.CardAction(connector.ServiceUrl, "export.create", new JsonObject { ["cycleId"] = "2019-2020" }, locale: locale));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!;
    }

    private async Task BindAsync(string? aadGroupId = null, string channelSaveTimeout = "00:00:10")
    {
        await App(channelSaveTimeout: channelSaveTimeout).PostActivityAsync(ChannelMessage("绑定本频道", aadGroupId));
        await connector.WaitForAsync(c => Readable(c.Activity).Contains("已绑定", StringComparison.Ordinal));
    }

    private static void AssertDownloadButtonsStillThere(JsonNode card)
    {
        var links = Links(card);
        Assert.Contains(links, l => l.Title == "下载 Word" && l.Url!.Contains("/exports/", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Title == "下载 Excel" && l.Url!.Contains("/exports/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_files_are_saved_into_the_meeting_channels_folder_and_the_channel_gets_a_card_linking_to_them()
    {
        connector.TeamDetails[TeamId] = ("院地合作委员会", GroupId);
        var folder = graph.AddChannelFolder(GroupId, TeamId, "General");
        await BindAsync();

        var card = await ExportAsync();

        // The organiser's card: the download buttons as before, plus where the files were saved.
        var text = CardText(card);
        Assert.Contains("已同时保存到会议频道（院地合作委员会 › 常规）的“文件”中，并已在该频道发布链接。", text, StringComparison.Ordinal);
        AssertDownloadButtonsStillThere(card);
        Assert.Contains(("打开频道文件夹", folder.WebUrl), Links(card));

        // Both files arrived, in the channel's folder of the team's drive, as valid Office files.
        var files = graph.FilesIn(folder);
        Assert.Equal(2, files.Count);
        var word = Assert.Single(files, f => f.Name.EndsWith(".docx", StringComparison.Ordinal));
        var excel = Assert.Single(files, f => f.Name.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.Matches($"^{FileStem}\\d{{8}}-\\d{{4}}\\.docx$", word.Name);
        Assert.Equal(word.Name[..^5] + ".xlsx", excel.Name);
        using (var document = OfficeFiles.OpenWord(word.Content))
        {
            Assert.Empty(OfficeFiles.ValidationErrors(document));
            Assert.Contains(OfficeFiles.Paragraphs(document), p => p.Text.Contains("中国科学院沈阳分院2020年度院地合作委员会工作会议", StringComparison.Ordinal));
        }

        using (var workbook = OfficeFiles.OpenExcel(excel.Content))
        {
            Assert.Empty(OfficeFiles.ValidationErrors(workbook));
            Assert.Contains("单位", workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        }

        // The calls: the folder of the bound channel by the team's group id, then one upload per file that never replaces a file.
        var lookup = Assert.Single(graph.RequestsTo("GET", "/v1.0/teams"));
        Assert.Equal($"/v1.0/teams/{GroupId}/channels/{TeamId}/filesFolder", lookup.Path);
        var uploads = graph.RequestsTo("PUT", "/v1.0/drives");
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, u =>
        {
            Assert.StartsWith($"/v1.0/drives/{folder.DriveId}/items/{folder.FolderId}:/{FileStem}", u.Path, StringComparison.Ordinal);
            Assert.EndsWith(":/content", u.Path, StringComparison.Ordinal);
            Assert.Equal("rename", u.QueryValue("@microsoft.graph.conflictBehavior"));
            Assert.Contains(":/%E4%B8%AD%E5%9B%BD", u.RawPath, StringComparison.Ordinal); // 中国…, percent-encoded UTF-8 as Graph expects
            Assert.Equal("application/octet-stream", u.Headers["Content-Type"]);
        });

        // The channel's post links to the saved files and says who exported which cycle.
        var post = await connector.WaitForAsync(c => c.Path == "/v3/conversations");
        Assert.StartsWith(TeamId, post.ConversationId, StringComparison.Ordinal);
        var posted = post.Activity!["attachments"]![0]!["content"]!;
        var postText = CardText(posted);
        Assert.Contains("会议材料已保存到本频道 — 2019年度成果及2020年度重点工作报告", postText, StringComparison.Ordinal);
        Assert.Contains($"{DemoUser.Name} 于 ", postText, StringComparison.Ordinal);
        Assert.Contains(word.Name, postText, StringComparison.Ordinal);
        Assert.Equal([("打开 Word", word.WebUrl), ("打开 Excel", excel.WebUrl), ("打开频道文件夹", folder.WebUrl)], Links(posted));
        Assert.Empty(connector.Violations);
    }

    [Fact]
    public async Task A_second_export_in_the_same_minute_is_saved_beside_the_first_and_replaces_nothing()
    {
        var folder = graph.AddChannelFolder(GroupId, TeamId, "General");
        await BindAsync(aadGroupId: GroupId);

        await ExportAsync();
        var second = await ExportAsync();

        Assert.Contains("已同时保存到会议频道", CardText(second), StringComparison.Ordinal);
        var names = graph.FilesIn(folder).Select(f => f.Name).ToList();
        Assert.Equal(4, names.Count);
        Assert.Equal(4, names.Distinct().Count());

        // The group id came with the channel's message: Teams' team details were never needed.
        Assert.Equal(0, connector.TeamDetailsRequests);
    }

    [Fact]
    public async Task Without_the_files_permission_the_organiser_is_told_which_permission_is_missing_and_still_gets_the_download_card()
    {
        graph.AddChannelFolder(GroupId, TeamId, "General");
        graph.Fault = r => r.Path.StartsWith("/v1.0/teams/", StringComparison.Ordinal)
            ? new GraphFault(403, "Forbidden", "Missing role permissions on the request. API requires one of 'Files.Read.All, Files.ReadWrite.All'.")
            : null;
        await BindAsync(aadGroupId: GroupId);

        var card = await ExportAsync();

        var text = CardText(card);
        Assert.Contains("会议材料已生成", text, StringComparison.Ordinal);
        Assert.Contains("未保存到会议频道：机器人缺少 Microsoft Graph 应用程序权限 Files.ReadWrite.All。", text, StringComparison.Ordinal);
        Assert.Contains("docs/deploy.md 第 5 节", text, StringComparison.Ordinal);
        AssertDownloadButtonsStillThere(card);
        Assert.DoesNotContain(Links(card), l => l.Title == "打开频道文件夹");

        // The download link itself still gives the file.
        var download = await app!.CreateClient().GetAsync(new Uri(Links(card)[0].Url!).PathAndQuery);
        Assert.Equal(CooperationBot.Exports.ExportService.WordContentType, download.Content.Headers.ContentType?.MediaType);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.DoesNotContain(connector.Calls, c => c.Path == "/v3/conversations");
    }

    [Fact]
    public async Task When_graph_stays_unavailable_after_its_retries_the_organiser_is_told_to_export_again_later_in_english_too()
    {
        var folder = graph.AddChannelFolder(GroupId, TeamId, "General");
        graph.Fault = r => r.Method == "PUT" ? new GraphFault(503, "serviceNotAvailable", "Service Unavailable", RetryAfterSeconds: 0) : null;
        await BindAsync(aadGroupId: GroupId);

        var card = await ExportAsync(locale: "en-US");

        var text = CardText(card);
        Assert.Contains("Not saved to the meeting channel: Microsoft Graph is unavailable for now (throttling or an outage). Please export again later.", text, StringComparison.Ordinal);
        Assert.Contains(Links(card), l => l.Title == "Download Word");
        Assert.Equal(2, graph.RequestsTo("PUT", "/v1.0/drives").Count); // the first try and Graph:MaxRetries=1 retry
        Assert.Empty(graph.FilesIn(folder));
    }

    [Fact]
    public async Task A_graph_too_slow_for_the_card_is_given_up_after_the_channel_save_timeout_and_the_card_still_comes()
    {
        graph.AddChannelFolder(GroupId, TeamId, "General");
        graph.Fault = r => r.Path.StartsWith("/v1.0/teams/", StringComparison.Ordinal)
            ? new GraphFault(504, "GatewayTimeout", "Gateway Timeout", Delay: TimeSpan.FromSeconds(20))
            : null;
        await BindAsync(aadGroupId: GroupId, channelSaveTimeout: "00:00:01");

        var started = DateTimeOffset.UtcNow;
        var card = await ExportAsync();

        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Contains("未保存到会议频道：Microsoft Graph 暂时不可用（限流或服务故障）。请稍后再导出一次。", CardText(card), StringComparison.Ordinal);
        AssertDownloadButtonsStillThere(card);
    }

    [Fact]
    public async Task With_graph_off_nothing_is_attempted_and_the_export_card_is_as_before()
    {
        graph.AddChannelFolder(GroupId, TeamId, "General");
        connector.TeamDetails[TeamId] = ("院地合作委员会", GroupId);
        await App(graphOn: false).PostActivityAsync(ChannelMessage("绑定本频道", GroupId));
        await connector.WaitForAsync(c => Readable(c.Activity).Contains("已绑定", StringComparison.Ordinal));

        var card = await ExportAsync();

        Assert.DoesNotContain("会议频道", CardText(card), StringComparison.Ordinal);
        Assert.Equal(["下载 Word", "下载 Excel"], Links(card).Select(l => l.Title));
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.Empty(graph.Requests);
        Assert.DoesNotContain(connector.Calls, c => c.Path == "/v3/conversations");
    }

    [Fact]
    public async Task With_no_channel_bound_the_organiser_is_asked_to_bind_one_and_graph_is_not_called()
    {
        App();

        var card = await ExportAsync();

        Assert.Contains("未保存到会议频道：还没有绑定会议频道。请在委员会团队的频道中 @我 并发送“绑定本频道”", CardText(card), StringComparison.Ordinal);
        AssertDownloadButtonsStillThere(card);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task When_teams_cannot_tell_the_teams_group_id_the_organiser_is_told_how_to_fix_it_and_graph_is_not_called()
    {
        await BindAsync();

        var card = await ExportAsync();

        Assert.Contains("未保存到会议频道：我还不知道该团队在 Microsoft 365 中的标识。请在会议频道中 @我 发送任意消息", CardText(card), StringComparison.Ordinal);
        AssertDownloadButtonsStillThere(card);
        Assert.Empty(graph.Requests);
    }
}
