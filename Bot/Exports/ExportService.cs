using System.Globalization;
using System.Security.Cryptography;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Exports;

/// <summary>One generated file, kept in the store until its export is purged.</summary>
public sealed record ExportedFile(ExportFileKind Kind, string FileName, string ContentType, byte[] Content);

/// <summary>One export: the files generated together for one cycle, at one moment, for one organiser.</summary>
public sealed record ExportDocument(string Id, string CycleId, string CreatedById, string CreatedByName, DateTimeOffset CreatedAt, IReadOnlyList<ExportedFile> Files);

/// <summary>A generated file as offered to the organiser: its name, size and a short-lived link.</summary>
public sealed record ReadyFile(ExportFileKind Kind, string FileName, long Bytes, DownloadLink Link);

public abstract record ExportOutcome
{
    private ExportOutcome()
    {
    }

    public sealed record Ready(string ExportId, MaterialsCycle Cycle, IReadOnlyList<ReadyFile> Files) : ExportOutcome;

    public sealed record UnknownCycle(IReadOnlyList<MaterialsCycle> Cycles) : ExportOutcome;

    public sealed record Refused : ExportOutcome;
}

/// <summary>
/// Organisers compile the meeting materials: the reports of a cycle as a Word document and a workbook,
/// in the committee's language, stored under an unguessable id and offered through signed links.
/// </summary>
public sealed partial class ExportService(
    CommitteeRepository committees,
    MaterialsSource source,
    DownloadLinks links,
    IDocumentStore store,
    DocumentKeys keys,
    IOptions<ExportOptions> options,
    TimeProvider clock,
    ILogger<ExportService> logger)
{
    public const string WordContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string ExcelContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The cycles an organiser may export (current first), or null when the user is not an organiser.</summary>
    public async Task<IReadOnlyList<MaterialsCycle>?> CyclesAsync(UserIdentity user, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        return Membership.Of(committee).RolesOf(user).IsOrganiser ? MaterialsSource.CyclesOf(committee) : null;
    }

    public async Task<ExportOutcome> CreateAsync(UserIdentity user, string cycleId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!Membership.Of(committee).RolesOf(user).IsOrganiser)
        {
            LogRefused(user.AadObjectId);
            return new ExportOutcome.Refused();
        }

        var cycles = MaterialsSource.CyclesOf(committee);
        if (cycles.FirstOrDefault(c => c.Id == cycleId) is not { } cycle)
        {
            return new ExportOutcome.UnknownCycle(cycles);
        }

        // The committee as stored: the workbook is also the import template, which must not carry the demo overlay.
        var stored = await committees.GetStoredAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var materials = await source.GatherAsync(stored, cycle, now, cancellationToken).ConfigureAwait(false);
        var files = Generate(materials);
        var export = new ExportDocument(NewId(now), cycle.Id, user.AadObjectId, user.DisplayName, now, files);
        await store.WriteAsync(keys.Export(export.Id), export, ifMatch: null, cancellationToken).ConfigureAwait(false);
        LogCreated(export.Id, cycle.Id, user.AadObjectId);
        await PurgeAsync(now, cancellationToken).ConfigureAwait(false);

        var ready = new List<ReadyFile>();
        foreach (var file in files)
        {
            ready.Add(new ReadyFile(file.Kind, file.FileName, file.Content.LongLength, await links.IssueAsync(export.Id, file.Kind, cancellationToken).ConfigureAwait(false)));
        }

        return new ExportOutcome.Ready(export.Id, cycle, ready);
    }

    /// <summary>A file of an export; callers check the download link first.</summary>
    public async Task<ExportedFile?> GetFileAsync(string exportId, ExportFileKind kind, CancellationToken cancellationToken) =>
        (await GetAsync(exportId, cancellationToken).ConfigureAwait(false))?.Files.FirstOrDefault(f => f.Kind == kind);

    /// <summary>An export with its files, or null once it was purged.</summary>
    public async Task<ExportDocument?> GetAsync(string exportId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<ExportDocument>(keys.Export(exportId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Both files, in the committee's language, from the same gathered facts.</summary>
    public static IReadOnlyList<ExportedFile> Generate(MeetingMaterials materials)
    {
        var t = new Texts(materials.Committee.DefaultLanguage);
        var name = t.Format("Export_FileName", materials.Cycle.ReportingYear, materials.Cycle.PlanYear);
        return
        [
            new(ExportFileKind.Word, name + ".docx", WordContentType, WordMaterials.Build(materials, t)),
            new(ExportFileKind.Excel, name + ".xlsx", ExcelContentType, ExcelMaterials.Build(materials, t)),
        ];
    }

    /// <summary>The time first (so old exports are found by key alone), then 128 random bits: never guessable.</summary>
    private static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var cutoff = now - options.Value.Retention;
            foreach (var key in await store.ListKeysAsync(keys.ExportsPrefix, cancellationToken).ConfigureAwait(false))
            {
                var id = key[keys.ExportsPrefix.Length..];
                if (DateTime.TryParseExact(id.Split('-')[0], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created)
                    && created < cutoff.UtcDateTime)
                {
                    await store.DeleteAsync(key, ifMatch: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Old files stay until the next export tries again; the new export is unaffected.
            LogPurgeFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {ExportId} of cycle {CycleId} made by {UserId}")]
    private partial void LogCreated(string exportId, string cycleId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused export by {UserId}: not an organiser")]
    private partial void LogRefused(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove old exports")]
    private partial void LogPurgeFailed(Exception exception);
}
