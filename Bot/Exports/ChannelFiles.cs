namespace CooperationBot.Exports;

/// <summary>A channel's Files folder as Microsoft 365 knows it: the team's group id and the channel's id.</summary>
public sealed record ChannelFolder(string TeamGroupId, string ChannelId);

/// <summary>A file to put into a channel's Files folder.</summary>
public sealed record FileToSave(ExportFileKind Kind, string FileName, byte[] Content);

/// <summary>A file saved in the channel's folder: the name it got there and where it opens.</summary>
public sealed record SavedFile(ExportFileKind Kind, string FileName, Uri WebUrl);

public enum ChannelFilesFailure
{
    /// <summary>The bot's identity lacks the application permission named in the detail.</summary>
    MissingPermission,

    /// <summary>Throttled, an outage, a timeout or no token: worth trying again later.</summary>
    Unavailable,

    /// <summary>Anything else the service refused; the detail has its status and code.</summary>
    Refused,
}

public sealed record ChannelFilesProblem(ChannelFilesFailure Reason, string? Detail = null);

/// <summary>What saving came to: the folder and every saved file, or the problem that stopped it.</summary>
public sealed record ChannelFilesAnswer(Uri? FolderUrl, IReadOnlyList<SavedFile> Saved, ChannelFilesProblem? Problem)
{
    public static ChannelFilesAnswer Failed(ChannelFilesFailure reason, string? detail = null) => new(null, [], new ChannelFilesProblem(reason, detail));
}

/// <summary>
/// The channel's Files folder (its SharePoint document library folder). Microsoft Graph plugs in here;
/// without it nothing is saved and the export is offered through download links only.
/// </summary>
public interface IChannelFiles
{
    bool Enabled { get; }

    /// <summary>Saves the files side by side; a name already taken gets a new one, never overwriting a file.</summary>
    Task<ChannelFilesAnswer> SaveAsync(ChannelFolder folder, IReadOnlyList<FileToSave> files, CancellationToken cancellationToken);
}

/// <summary>No Microsoft Graph: nothing is attempted.</summary>
public sealed class NoChannelFiles : IChannelFiles
{
    public bool Enabled => false;

    public Task<ChannelFilesAnswer> SaveAsync(ChannelFolder folder, IReadOnlyList<FileToSave> files, CancellationToken cancellationToken) =>
        Task.FromResult(ChannelFilesAnswer.Failed(ChannelFilesFailure.Refused, "not configured"));
}
