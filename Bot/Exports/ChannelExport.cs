using System.Globalization;
using System.Text;
using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Localization;
using Microsoft.Extensions.Options;

namespace CooperationBot.Exports;

/// <summary>What became of saving an export into the meeting channel's Files folder.</summary>
public abstract record ChannelSaveOutcome
{
    private ChannelSaveOutcome()
    {
    }

    /// <summary>No Microsoft Graph: nothing was attempted, nothing to say.</summary>
    public sealed record Off : ChannelSaveOutcome;

    public sealed record NoChannel(MeetingChannelProblem Problem) : ChannelSaveOutcome;

    /// <summary>The team's Microsoft 365 group id is not known yet (Teams has not told the bot).</summary>
    public sealed record TeamUnknown : ChannelSaveOutcome;

    public sealed record Failed(ChannelFilesProblem Problem) : ChannelSaveOutcome;

    /// <summary>Saved: where, which files, and who made the export when (for the channel's post).</summary>
    public sealed record Saved(KnownTeam Team, KnownChannel Channel, Uri? FolderUrl, IReadOnlyList<SavedFile> Files, string ExportedBy, DateTimeOffset ExportedAt) : ChannelSaveOutcome;
}

/// <summary>
/// Puts an export's files into the meeting channel's Files folder, under names in the committee's
/// language with the cycle and the time of the export, so exports never replace each other. A failure is
/// an answer, never an exception: the export itself is already stored and offered through download links.
/// </summary>
public sealed partial class ChannelExport(
    ChannelDirectory channels,
    IChannelFiles files,
    ExportService exports,
    ICommitteeSource committees,
    IOptions<ExportOptions> options,
    ILogger<ChannelExport> logger)
{
    private static readonly char[] NotInFileNames = ['"', '*', ':', '<', '>', '?', '/', '\\', '|'];

    public bool Enabled => files.Enabled;

    /// <param name="learnGroupId">Asks Teams for a team's group id when the directory has none yet; null when Teams cannot say.</param>
    public async Task<ChannelSaveOutcome> SaveAsync(ExportOutcome.Ready ready, Func<KnownTeam, CancellationToken, Task<string?>> learnGroupId, CancellationToken cancellationToken)
    {
        if (!files.Enabled)
        {
            return new ChannelSaveOutcome.Off();
        }

        var target = await channels.ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (target is not { Team: { } team, Channel: { } channel })
        {
            return new ChannelSaveOutcome.NoChannel(target.Problem);
        }

        var groupId = team.AadGroupId;
        if (groupId is null)
        {
            groupId = await learnGroupId(team, cancellationToken).ConfigureAwait(false);
            if (groupId is null)
            {
                LogTeamUnknown(team.TeamId);
                return new ChannelSaveOutcome.TeamUnknown();
            }

            await channels.RecordGroupIdAsync(team.TeamId, groupId, cancellationToken).ConfigureAwait(false);
        }

        var export = await exports.GetAsync(ready.ExportId, cancellationToken).ConfigureAwait(false);
        if (export is null)
        {
            return new ChannelSaveOutcome.Failed(new ChannelFilesProblem(ChannelFilesFailure.Refused, "export purged"));
        }

        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var t = new Texts(committee.DefaultLanguage);
        var toSave = export.Files.Select(f => new FileToSave(f.Kind, FileName(t, ready.Cycle, export.CreatedAt, committee.TimeZone, f.Kind), f.Content)).ToList();
        var answer = await SaveWithinTimeoutAsync(new ChannelFolder(groupId, channel.Id), toSave, cancellationToken).ConfigureAwait(false);
        if (answer.Problem is { } problem)
        {
            LogNotSaved(export.Id, problem.Reason, problem.Detail);
            return new ChannelSaveOutcome.Failed(problem);
        }

        LogSaved(export.Id, team.TeamId, channel.Id);
        return new ChannelSaveOutcome.Saved(team, channel, answer.FolderUrl, answer.Saved, export.CreatedByName, export.CreatedAt);
    }

    /// <summary>Past Exports:ChannelSaveTimeout the save is given up as "unavailable for now", so the organiser's card still comes in time.</summary>
    private async Task<ChannelFilesAnswer> SaveWithinTimeoutAsync(ChannelFolder folder, IReadOnlyList<FileToSave> toSave, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ChannelSaveTimeout);
        try
        {
            return await files.SaveAsync(folder, toSave, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelFilesAnswer.Failed(ChannelFilesFailure.Unavailable, "Exports:ChannelSaveTimeout");
        }
    }

    /// <summary>
    /// E.g. 中国科学院沈阳分院2020年度院地合作委员会工作会议材料-2019-2020-20200601-1000.docx: the cycle's
    /// meeting, the cycle and the minute of the export in the committee's time zone.
    /// </summary>
    public static string FileName(Texts t, MaterialsCycle cycle, DateTimeOffset createdAt, TimeZoneInfo zone, ExportFileKind kind)
    {
        var stamp = TimeZoneInfo.ConvertTime(createdAt, zone).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        var name = Safe(t.Format("Export_ChannelFileName", cycle.MeetingTitle.For(t.Culture), cycle.Id, stamp));
        return name + (kind == ExportFileKind.Word ? ".docx" : ".xlsx");
    }

    /// <summary>SharePoint refuses some characters and leading or trailing spaces and dots in a name.</summary>
    private static string Safe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsControl(c) || NotInFileNames.Contains(c) ? '-' : c);
        }

        var trimmed = safe.ToString().Trim().Trim('.');
        return trimmed.Length > 150 ? trimmed[..150] : trimmed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {ExportId} saved into the Files folder of channel {ChannelId} of team {TeamId}")]
    private partial void LogSaved(string exportId, string teamId, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {ExportId} not saved into the meeting channel: {Reason} {Detail}")]
    private partial void LogNotSaved(string exportId, ChannelFilesFailure reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export not saved into the meeting channel: the group id of team {TeamId} is not known yet")]
    private partial void LogTeamUnknown(string teamId);
}
