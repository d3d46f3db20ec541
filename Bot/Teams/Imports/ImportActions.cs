using System.Net;
using CooperationBot.Hosting;
using CooperationBot.Imports;
using CooperationBot.Teams.FrontDoor;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Imports;

/// <summary>
/// Teams side of the import: a workbook sent in the personal chat (the front door's <see cref="FileDrop"/>
/// admitted it) is fetched from its short-lived URL, never more than the size limit, then previewed;
/// Confirm and Cancel on the preview card. Who may is the front door's table.
/// </summary>
internal sealed partial class ImportActions(ImportService imports, IHttpClientFactory http, IConfiguration configuration, ILogger<ImportActions> logger)
{
    public const string HttpClientName = "imports";

    public async Task ReceiveAsync(FileRequest request)
    {
        var (t, cancellationToken) = (request.Texts, request.Cancellation);
        var file = request.Files[0];
        var download = await DownloadAsync(file, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            await request.Turn.SendActivityAsync(t["Import_DownloadFailed"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (request.Files.Count > 1)
        {
            await request.Turn.SendActivityAsync(t.Format("Import_OneFile", file.Name), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var outcome = download.Bytes is { } bytes
            ? await imports.PreviewAsync(request.Identity, bytes, file.Name, cancellationToken).ConfigureAwait(false)
            : new ImportOutcome.Preview(ImportPlan.Refused(new ImportProblem(ImportProblemKind.TooLarge)), file.Name, null, request.Committee);
        IActivity reply = outcome is ImportOutcome.Preview preview
            ? MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = ImportCards.Preview(t, preview) })
            : MessageFactory.Text(t.OrganisersOnly(request.Committee));
        await request.Turn.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JObject> ConfirmAsync(CardRequest<ImportRef> request) =>
        Card(request, await imports.ConfirmAsync(request.Identity, request.Data.ImportId, request.Cancellation).ConfigureAwait(false));

    public async Task<JObject> CancelAsync(CardRequest<ImportRef> request) =>
        Card(request, await imports.CancelAsync(request.Identity, request.Data.ImportId, request.Cancellation).ConfigureAwait(false));

    private static JObject Card(TurnRequest request, ImportOutcome outcome)
    {
        var t = request.Texts;
        return outcome switch
        {
            ImportOutcome.Applied applied => ImportCards.Applied(t, applied.FileName, applied.Diff),
            ImportOutcome.Changed changed => ImportCards.Preview(t, changed.Latest, t["Import_Changed"]),
            ImportOutcome.Preview rejected => ImportCards.Preview(t, rejected),
            ImportOutcome.Gone => ImportCards.Note(t["Import_Gone"]),
            ImportOutcome.Cancelled => ImportCards.Note(t["Import_Cancelled"]),
            _ => CardElements.Notice(t.OrganisersOnly(request.Committee)),
        };
    }

    /// <summary>The file's bytes, or only the news that it is too large.</summary>
    private sealed record Download(byte[]? Bytes)
    {
        public static Download TooLarge { get; } = new((byte[]?)null);
    }

    /// <summary>
    /// The file, or null when it cannot be fetched. A file of the size limit or more is not read to the
    /// end: the limit is enforced while reading, whatever Content-Length claims.
    /// </summary>
    private async Task<Download?> DownloadAsync(ReceivedFile file, CancellationToken cancellationToken)
    {
        if (file.DownloadUrl is not { } url || !Allowed(url))
        {
            // The address itself carries a pre-authorised token: only its host is logged.
            LogRefusedUrl(file.DownloadUrl?.Host ?? string.Empty);
            return null;
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogDownloadFailed(null, (int)response.StatusCode);
                return null;
            }

            if (response.Content.Headers.ContentLength >= WorkbookReader.MaxBytes)
            {
                return Download.TooLarge;
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length >= WorkbookReader.MaxBytes)
                    {
                        return Download.TooLarge;
                    }
                }

                return new Download(buffer.ToArray());
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogDownloadFailed(ex, 0);
            return null;
        }
    }

    /// <summary>Teams gives an https address; plain http only to this machine when the bot runs locally.</summary>
    private bool Allowed(Uri url) => url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && LocalHosting.IsAnonymous(configuration));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to fetch an imported file from host '{Host}'")]
    private partial void LogRefusedUrl(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch an imported file (HTTP {Status})")]
    private partial void LogDownloadFailed(Exception? exception, int status);
}
