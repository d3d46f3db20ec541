using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>A file someone sent the bot: its name as they see it and where the bot may fetch it.</summary>
internal sealed record ReceivedFile(string Name, Uri? DownloadUrl);

/// <summary>A message carrying files (the first is the one read).</summary>
internal sealed record FileRequest(ITurnContext Turn, TurnUser User, IReadOnlyList<ReceivedFile> Files, CancellationToken Cancellation) : TurnRequest(Turn, User, Cancellation);

/// <summary>
/// The file half of the front door's table: one entry, since a workbook is the only file the bot takes.
/// Teams sends a file from the personal chat as a file.download.info attachment with a short-lived
/// downloadUrl; the Playground's template puts the address in contentUrl instead, and other clients send a
/// plain attachment with a spreadsheet content type and a contentUrl.
/// </summary>
internal static class FileDrop
{
    public const string SpreadsheetContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static Who Who => Who.Organiser;

    public static CommandScopes Where => CommandScopes.Personal;

    public static Task HandleAsync(Features features, FileRequest request) => features.Imports.ReceiveAsync(request);

    /// <summary>The files a message carries; empty for an ordinary message (Teams adds text/html attachments to formatted text).</summary>
    public static IReadOnlyList<ReceivedFile> Of(IActivity activity) =>
        (activity as IMessageActivity)?.Attachments?.Select(FileOf).OfType<ReceivedFile>().ToList() ?? [];

    private static ReceivedFile? FileOf(Attachment attachment)
    {
        if (attachment.ContentType == FileDownloadInfo.ContentType)
        {
            var url = attachment.Content is JObject content ? (string?)content["downloadUrl"] : null;
            return new ReceivedFile(attachment.Name ?? string.Empty, Address(url ?? attachment.ContentUrl));
        }

        var named = attachment.Name ?? string.Empty;
        var spreadsheet = attachment.ContentType == SpreadsheetContentType
            || named.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
            || named.EndsWith(".xls", StringComparison.OrdinalIgnoreCase);
        return spreadsheet && attachment.ContentUrl is not null ? new ReceivedFile(named, Address(attachment.ContentUrl)) : null;
    }

    private static Uri? Address(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
}

/// <summary>Files: the same role and place checks as commands, before anything is downloaded.</summary>
internal sealed partial class FrontDoor
{
    private async Task HandleFilesAsync(ITurnContext turn, TurnUser user, IReadOnlyList<ReceivedFile> files, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var place = Places.Of(turn.Activity.Conversation?.ConversationType);
        string? refusal = null;
        if (!FileDrop.Where.HasFlag(place) || place == CommandScopes.None)
        {
            refusal = t["Import_PersonalOnly"];
        }
        else if (!await AdmitsAsync(FileDrop.Who, turn, user, unitId: null, cancellationToken).ConfigureAwait(false))
        {
            refusal = NotYours(t, user, FileDrop.Who, card: false);
        }

        if (refusal is not null)
        {
            LogRefused("file", user.Identity?.AadObjectId);
            await turn.SendActivityAsync(refusal, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await FileDrop.HandleAsync(features, new FileRequest(turn, user, files, cancellationToken)).ConfigureAwait(false);
    }
}
