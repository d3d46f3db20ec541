using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Imports;

/// <summary>
/// A workbook sent in the personal chat, through the real handler: the bot fetches it from the address
/// the attachment gives (a loopback server standing in for Teams' file storage), answers with the
/// preview card, and Confirm on that card applies it.
/// </summary>
public sealed class ImportConversationTests : IAsyncLifetime
{
    private const string TeamsFile = "application/vnd.microsoft.teams.file.download.info";

    private readonly BotHarness bot = new();
    private readonly ConcurrentDictionary<string, byte[]> files = new();
    private readonly ConcurrentQueue<string> fetched = new();
    private WebApplication? server;
    private string baseUrl = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server = builder.Build();
        server.Run(async context =>
        {
            fetched.Enqueue(context.Request.Path);
            if (!files.TryGetValue(context.Request.Path, out var bytes))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        });
        await server.StartAsync();
        baseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    [Fact]
    public async Task An_organiser_sends_the_workbook_sees_the_preview_and_confirm_adds_the_unit()
    {
        files["/files/units.xlsx"] = await WorkbookWithNewUnitAsync();

        var replies = await bot.SendAsync(WithFile(TestUser.Organiser, new Attachment
        {
            ContentType = TeamsFile,
            Name = "委员会单位.xlsx",
            Content = new JObject { ["downloadUrl"] = baseUrl + "/files/units.xlsx", ["uniqueId"] = "f-1", ["fileType"] = "xlsx" },
        }));

        var preview = Cards.Single(replies);
        Assert.Contains("导入预览 — 委员会单位.xlsx", Cards.Text(preview), StringComparison.Ordinal);
        Assert.Contains("新增：宁波材料所（中国科学院宁波材料技术与工程研究所）", Cards.Text(preview), StringComparison.Ordinal);
        Assert.DoesNotContain(await UnitsAsync(), u => u.Id == "nimte");

        var applied = await bot.ExecuteAsync(TestUser.Organiser, "import.confirm", (JObject)Cards.Action(preview, "import.confirm")["data"]!);

        Assert.Contains("已导入 委员会单位.xlsx。", Cards.Text(applied), StringComparison.Ordinal);
        Assert.Contains(await UnitsAsync(), u => u.Id == "nimte");
    }

    /// <summary>The Playground's file template puts the address in contentUrl; other clients send a plain spreadsheet attachment.</summary>
    [Theory]
    [InlineData(TeamsFile)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    public async Task A_file_with_its_address_in_content_url_is_read_too(string contentType)
    {
        files["/files/other.xlsx"] = await WorkbookWithNewUnitAsync();

        var replies = await bot.SendAsync(WithFile(TestUser.Organiser, new Attachment { ContentType = contentType, Name = "other.xlsx", ContentUrl = baseUrl + "/files/other.xlsx" }));

        Assert.Contains("新增：宁波材料所", Cards.Text(Cards.Single(replies)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_10_mb_is_answered_as_too_large()
    {
        files["/files/big.xlsx"] = new byte[10 * 1024 * 1024];

        var replies = await bot.SendAsync(WithFile(TestUser.Organiser, new Attachment { ContentType = TeamsFile, Name = "big.xlsx", Content = new JObject { ["downloadUrl"] = baseUrl + "/files/big.xlsx" } }));

        var card = Cards.Single(replies);
        Assert.Contains("文件达到或超过 10 MB", Cards.Text(card), StringComparison.Ordinal);
        Assert.Null(card["actions"]);
    }

    [Fact]
    public async Task A_contact_sending_a_workbook_is_told_only_organisers_import_and_the_file_is_never_fetched()
    {
        files["/files/units.xlsx"] = await WorkbookWithNewUnitAsync();

        var replies = await bot.SendAsync(WithFile(TestUser.DicpContact, new Attachment { ContentType = TeamsFile, Name = "units.xlsx", Content = new JObject { ["downloadUrl"] = baseUrl + "/files/units.xlsx" } }));

        Assert.Equal("只有组织方可以执行此操作。组织方为：马越红、王联络兼组织。", Cards.Texts(replies));
        Assert.Empty(fetched);
    }

    [Fact]
    public async Task A_file_that_cannot_be_fetched_is_asked_for_again()
    {
        var replies = await bot.SendAsync(WithFile(TestUser.Organiser, new Attachment { ContentType = TeamsFile, Name = "gone.xlsx", Content = new JObject { ["downloadUrl"] = baseUrl + "/files/gone.xlsx" } }));

        Assert.Equal("无法从 Teams 获取该文件，请重新发送。", Cards.Texts(replies));
    }

    private static Activity WithFile(TestUser user, Attachment file)
    {
        var message = BotHarness.Message(user, string.Empty);
        message.Attachments = [file];
        return message;
    }

    private async Task<IReadOnlyList<Unit>> UnitsAsync() => (await bot.Get<CommitteeRepository>().ReadStoredAsync(CancellationToken.None)).Units;

    /// <summary>The stored committee's units and contacts as the template lists them, plus one new unit.</summary>
    private async Task<byte[]> WorkbookWithNewUnitAsync()
    {
        var units = await UnitsAsync();
        return TestWorkbooks.Template(
            [.. units.Select(u => new string?[] { u.Id, u.ShortName.Zh, u.ShortName.En, u.FullName.Zh, u.FullName.En }),
             ["nimte", "宁波材料所", "NIMTE", "中国科学院宁波材料技术与工程研究所", "Ningbo Institute of Materials Technology and Engineering"]],
            units.SelectMany(u => u.Contacts.Select(p => new string?[] { u.Id, p.Name, p.Upn, p.AadObjectId })));
    }

    public async Task DisposeAsync()
    {
        bot.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
