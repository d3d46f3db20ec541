using Azure.Identity;
using CooperationBot.Exports;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace CooperationBot.Graph;

/// <summary>
/// <see cref="IChannelFiles"/> over Microsoft Graph: the channel's filesFolder (a driveItem in the team's
/// SharePoint library), then a simple upload of each file into it. Graph's errors become
/// <see cref="ChannelFilesProblem"/>s here, so nothing above this layer sees a Graph type.
/// </summary>
internal sealed partial class GraphChannelFiles(GraphServiceClient graph, ILogger<GraphChannelFiles> logger) : IChannelFiles
{
    /// <summary>Least-privilege application permission for both calls (filesFolder and upload), named to organisers when consent is missing.</summary>
    public const string FilesPermission = "Files.ReadWrite.All";

    /// <summary>A name already taken gets a new one ("name 1.docx") instead of replacing the file.</summary>
    private const string Rename = "@microsoft.graph.conflictBehavior=rename";

    public bool Enabled => true;

    public async Task<ChannelFilesAnswer> SaveAsync(ChannelFolder folder, IReadOnlyList<FileToSave> files, CancellationToken cancellationToken)
    {
        try
        {
            var root = await graph.Teams[folder.TeamGroupId].Channels[folder.ChannelId].FilesFolder.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (root?.Id is not { } folderId || root.ParentReference?.DriveId is not { } driveId)
            {
                return ChannelFilesAnswer.Failed(ChannelFilesFailure.Refused, "filesFolder without id or driveId");
            }

            var saved = new List<SavedFile>();
            foreach (var file in files)
            {
                using var body = new MemoryStream(file.Content, writable: false);
                var item = await graph.Drives[driveId].Items[folderId].Content.WithUrl(UploadUrl(driveId, folderId, file.FileName))
                    .PutAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (item?.WebUrl is not { } web || !Uri.TryCreate(web, UriKind.Absolute, out var webUrl))
                {
                    return ChannelFilesAnswer.Failed(ChannelFilesFailure.Refused, "uploaded item without webUrl");
                }

                saved.Add(new SavedFile(file.Kind, item.Name ?? file.FileName, webUrl));
            }

            return new ChannelFilesAnswer(Uri.TryCreate(root.WebUrl, UriKind.Absolute, out var folderUrl) ? folderUrl : null, saved, null);
        }
        catch (ApiException error) when (error.ResponseStatusCode > 0)
        {
            return Refused(error);
        }
        catch (AggregateException error) when (error.InnerExceptions.LastOrDefault() is ApiException { ResponseStatusCode: > 0 } last)
        {
            // The retry handler gave up: it carries Graph's answer to each attempt.
            return Refused(last);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested &&
            error is HttpRequestException or TaskCanceledException or TimeoutException or AuthenticationFailedException or CredentialUnavailableException)
        {
            LogGraphUnavailable(error);
            return ChannelFilesAnswer.Failed(ChannelFilesFailure.Unavailable, error.GetType().Name);
        }
    }

    /// <summary>PUT /drives/{drive-id}/items/{parent-id}:/{file-name}:/content, with the conflict rule the typed builders cannot express.</summary>
    private string UploadUrl(string driveId, string folderId, string fileName) =>
        $"{graph.RequestAdapter.BaseUrl?.TrimEnd('/')}/drives/{Uri.EscapeDataString(driveId)}/items/{Uri.EscapeDataString(folderId)}:/{Uri.EscapeDataString(fileName)}:/content?{Rename}";

    private ChannelFilesAnswer Refused(ApiException error)
    {
        var status = error.ResponseStatusCode;
        var code = (error as ODataError)?.Error?.Code;
        LogGraphRefused(error, status, code);
        return status switch
        {
            403 => ChannelFilesAnswer.Failed(ChannelFilesFailure.MissingPermission, FilesPermission),
            429 or >= 500 => ChannelFilesAnswer.Failed(ChannelFilesFailure.Unavailable, $"HTTP {status}"),
            _ => ChannelFilesAnswer.Failed(ChannelFilesFailure.Refused, code is null ? $"HTTP {status}" : $"HTTP {status} {code}"),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph answered {Status} {Code} to saving into a channel's files")]
    private partial void LogGraphRefused(Exception exception, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph could not be reached to save into a channel's files")]
    private partial void LogGraphUnavailable(Exception exception);
}
