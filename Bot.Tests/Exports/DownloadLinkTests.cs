using System.Net;
using CooperationBot.Committees;
using CooperationBot.Exports;
using CooperationBot.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Exports;

/// <summary>The download endpoint of the real app: a signed link opens its own file for a few minutes, nothing else ever does.</summary>
public sealed class DownloadLinkTests : IAsyncLifetime
{
    private static readonly UserIdentity Organiser = new(DemoUser.AadObjectId, DemoUser.Name);
    private readonly StorageSettings storage = StorageSettings.LocalFolder();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero));
    private BotApp app = null!;
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        app = App(storage);
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_link_just_issued_downloads_the_document_which_opens()
    {
        var export = await ExportAsync(app);
        var word = export.Files.Single(f => f.Kind == ExportFileKind.Word);

        var response = await client.GetAsync(word.Link.Url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportService.WordContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("会议材料汇编-2019-2020.docx", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        using var document = OfficeFiles.OpenWord(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(OfficeFiles.ValidationErrors(document));
        Assert.Contains("大连化物所", OfficeFiles.TextOf(document.MainDocumentPart!.Document.Body!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_point_at_the_bots_own_address_and_expire_after_the_configured_minutes()
    {
        var export = await ExportAsync(app);

        Assert.All(export.Files, f => Assert.StartsWith("http://127.0.0.1:3978/exports/" + export.ExportId + "/", f.Link.Url.ToString(), StringComparison.Ordinal));
        Assert.All(export.Files, f => Assert.Equal(clock.GetUtcNow().AddMinutes(10), f.Link.ExpiresAt));
    }

    [Fact]
    public async Task After_expiry_the_link_is_refused_with_a_page_that_says_so_and_how_to_get_a_new_one()
    {
        var link = (await ExportAsync(app)).Files[0].Link;
        clock.Advance(TimeSpan.FromMinutes(10));

        var response = await client.GetAsync(link.Url.PathAndQuery);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("下载链接已过期", page, StringComparison.Ordinal);
        Assert.Contains("This download link has expired", page, StringComparison.Ordinal);
        Assert.Contains("导出", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_is_still_good_one_second_before_it_expires()
    {
        var link = (await ExportAsync(app)).Files[0].Link;
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.Url.PathAndQuery)).StatusCode);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("expiry")]
    [InlineData("file")]
    public async Task A_changed_link_is_refused(string what)
    {
        var export = await ExportAsync(app);
        var word = export.Files.Single(f => f.Kind == ExportFileKind.Word).Link.Url.PathAndQuery;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + word).Query);
        var changed = what switch
        {
            "signature" => word.Replace("sig=" + query["sig"], "sig=" + Flip(query["sig"]!), StringComparison.Ordinal),
            "expiry" => word.Replace("expires=" + query["expires"], "expires=" + (long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture) + 3600), StringComparison.Ordinal),
            _ => word.Replace("/docx?", "/xlsx?", StringComparison.Ordinal),
        };

        var response = await client.GetAsync(changed);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("下载链接无效", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_for_one_export_does_not_open_another_export()
    {
        var first = await ExportAsync(app);
        var second = await ExportAsync(app);
        var firstLink = first.Files[0].Link.Url.PathAndQuery;

        var response = await client.GetAsync(firstLink.Replace(first.ExportId, second.ExportId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?expires=9999999999")]
    [InlineData("?expires=9999999999&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unsigned_or_guessed_link_gets_nothing_even_for_an_export_that_exists(string query)
    {
        var export = await ExportAsync(app);

        foreach (var id in new[] { export.ExportId, "20200601020000-00000000000000000000000000000000" })
        {
            var response = await client.GetAsync($"/exports/{id}/docx{query}");

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_link_issued_before_a_restart_still_opens_because_the_generated_key_is_kept_in_the_store()
    {
        var link = (await ExportAsync(app)).Files[0].Link;
        await app.DisposeAsync();

        app = App(storage);
        var response = await app.CreateClient().GetAsync(link.Url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_a_configured_key_links_are_signed_with_it_and_a_different_key_refuses_them()
    {
        await using var first = App(StorageSettings.LocalFolder(), Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        var link = (await ExportAsync(first)).Files[0].Link;
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync(link.Url.PathAndQuery)).StatusCode);

        await using var other = App(StorageSettings.LocalFolder(), Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));

        Assert.Equal(HttpStatusCode.Forbidden, (await other.CreateClient().GetAsync(link.Url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task A_valid_link_to_files_removed_after_the_retention_time_says_they_are_gone()
    {
        var old = await ExportAsync(app);
        clock.Advance(TimeSpan.FromHours(25));
        var fresh = await ExportAsync(app);
        var oldFile = await app.Services.GetRequiredService<ExportService>().GetFileAsync(old.ExportId, ExportFileKind.Word, CancellationToken.None);
        var links = app.Services.GetRequiredService<DownloadLinks>();

        var relink = await links.IssueAsync(old.ExportId, ExportFileKind.Word, CancellationToken.None);
        var response = await client.GetAsync(relink.Url.PathAndQuery);

        Assert.Null(oldFile);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("文件已不再保留", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(fresh.Files[0].Link.Url.PathAndQuery)).StatusCode);
    }

    private static async Task<ExportOutcome.Ready> ExportAsync(BotApp app)
    {
        var outcome = await app.Services.GetRequiredService<ExportService>().CreateAsync(Organiser, "2019-2020", CancellationToken.None);
        return Assert.IsType<ExportOutcome.Ready>(outcome);
    }

    private static string Flip(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private BotApp App(StorageSettings settings, string? signingKey = null) => new(
        settings,
        signingKey is null ? null : new Dictionary<string, string?> { ["Exports:SigningKey"] = signingKey },
        services => services.AddSingleton<TimeProvider>(clock));
}
