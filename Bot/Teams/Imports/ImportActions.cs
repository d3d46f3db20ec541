using System.Net;
using CooperationBot.Hosting;
using CooperationBot.Imports;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Imports;

/// <summary>
/// Teams side of the import: a workbook sent in the personal chat arrives as a file.download.info
/// attachment whose short-lived URL is fetched (never more than the size limit), then previewed;
/// Confirm and Cancel on the preview card.
/// </summary>
internal sealed partial class ImportActions(ImportService imports, IHttpClientFactory http, IConfiguration configuration, ILogger<ImportActions> logger)
{
    public const string HttpClientName = "imports";

    public static bool HasFile(IActivity activity) =>
        activity is IMessageActivity message && message.Attachments?.Any(a => a.ContentType == FileDownloadInfo.ContentType) == true;

    public async Task ReceiveAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        if (!user.Roles.IsOrganiser || user.Identity is null)
        {
            await turn.SendActivityAsync(t.OrganisersOnly(user.Committee), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var files = turn.Activity.Attachments.Where(a => a.ContentType == FileDownloadInfo.ContentType).ToList();
        var file = files[0];
        var name = file.Name ?? string.Empty;
        var download = await DownloadAsync(file, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            await turn.SendActivityAsync(t["Import_DownloadFailed"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (files.Count > 1)
        {
            await turn.SendActivityAsync(t.Format("Import_OneFile", name), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var outcome = download.Bytes is { } bytes
            ? await imports.PreviewAsync(user.Identity, bytes, name, cancellationToken).ConfigureAwait(false)
            : new ImportOutcome.Preview(ImportPlan.Refused(new ImportProblem(ImportProblemKind.TooLarge)), name, null, user.Committee);
        IActivity reply = outcome is ImportOutcome.Preview preview
            ? MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = ImportCards.Preview(t, preview) })
            : MessageFactory.Text(t.OrganisersOnly(user.Committee));
        await turn.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JObject> ExecuteAsync(string verb, JObject? data, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var importId = (string?)data?["importId"] ?? string.Empty;
        var outcome = user.Identity is null
            ? new ImportOutcome.Refused()
            : verb == ImportVerbs.Confirm
                ? await imports.ConfirmAsync(user.Identity, importId, cancellationToken).ConfigureAwait(false)
                : await imports.CancelAsync(user.Identity, importId, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            ImportOutcome.Applied applied => ImportCards.Applied(t, applied.FileName, applied.Diff),
            ImportOutcome.Changed changed => ImportCards.Preview(t, changed.Latest, t["Import_Changed"]),
            ImportOutcome.Preview rejected => ImportCards.Preview(t, rejected),
            ImportOutcome.Gone => ImportCards.Note(t["Import_Gone"]),
            ImportOutcome.Cancelled => ImportCards.Note(t["Import_Cancelled"]),
            _ => ImportCards.Note(t.OrganisersOnly(user.Committee)),
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
    private async Task<Download?> DownloadAsync(Attachment file, CancellationToken cancellationToken)
    {
        var info = file.Content is JObject content ? content.ToObject<FileDownloadInfo>() : null;
        if (!Uri.TryCreate(info?.DownloadUrl, UriKind.Absolute, out var url) || !Allowed(url))
        {
            // The address itself carries a pre-authorised token: only its host is logged.
            LogRefusedUrl(url?.Host ?? string.Empty);
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
