using CooperationBot.Tests.Exports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CooperationBot.Tests.EndToEnd;

/// <summary>
/// The export step of the Chinese story, kept in a file of its own so that other steps merge easily: the
/// organiser asks for the meeting materials, clicks Download Word, and what the link returns is a Word
/// document that opens, validates and holds the report the story submitted.
/// </summary>
internal static class ExportStory
{
    private static readonly string DocsImages = Infrastructure.RepoPaths.Combine("artifacts", "e2e", "readme");

    public static Task OrganiserExportsAndTheDownloadOpensAsync(Story story) => story.StepAsync("export-download", async () =>
    {
        await story.OpenAsync("Personal Chat");
        await story.SendAsync("导出");
        await story.Card("导出会议材料").GetByRole(AriaRole.Button, new() { Name = "生成 Word 和 Excel", Exact = true }).ClickAsync();
        var ready = story.Card("会议材料已生成");
        await Expect(ready).ToContainTextAsync("会议材料汇编-2019-2020.docx");
        await story.SaveCardScreenshotAsync(ready, Path.Combine(DocsImages, "export-card.png"));

        // Action.OpenUrl opens the link in a new window; the address it asks for is the signed link.
        var requested = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRequest(object? sender, IRequest request)
        {
            if (request.Url.Contains("/exports/", StringComparison.Ordinal))
            {
                requested.TrySetResult(request.Url);
            }
        }

        story.Page.Context.Request += OnRequest;
        string link;
        try
        {
            // Adaptive Cards give an Action.OpenUrl button the role of a link.
            await ready.GetByRole(AriaRole.Link, new() { Name = "下载 Word", Exact = true }).ClickAsync();
            link = await requested.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            story.Page.Context.Request -= OnRequest;
        }

        Assert.StartsWith("http://127.0.0.1:", link, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(link));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = OfficeFiles.OpenWord(bytes);
        Assert.Empty(OfficeFiles.ValidationErrors(document));
        var text = string.Join("\n", OfficeFiles.Paragraphs(document).Select(p => p.Text));
        Assert.Contains("大连化物所", text, StringComparison.Ordinal);
        Assert.Contains("与辽宁省共建洁净能源创新研究院", text, StringComparison.Ordinal);
    });
}
