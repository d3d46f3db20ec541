using System.Globalization;
using System.Security.Cryptography;
using CooperationBot.Committees;
using CooperationBot.Storage;

namespace CooperationBot.Imports;

/// <summary>A checked workbook waiting for the organiser's Confirm: what it sets, and the changes the preview showed.</summary>
public sealed record PendingImport(string Id, string FileName, string ById, string ByName, DateTimeOffset At, IReadOnlyList<ImportedUnit> Units, string Fingerprint);

public abstract record ImportOutcome
{
    private ImportOutcome()
    {
    }

    /// <param name="ImportId">Set when the plan can be confirmed; null when it has problems or changes nothing.</param>
    public sealed record Preview(ImportPlan Plan, string FileName, string? ImportId, Committee Committee) : ImportOutcome;

    public sealed record Applied(ImportDiff Diff, string FileName, Committee Committee) : ImportOutcome;

    /// <summary>Someone changed the committee since the preview: here is what the workbook would change now.</summary>
    public sealed record Changed(Preview Latest) : ImportOutcome;

    /// <summary>Confirmed already, cancelled, or too old.</summary>
    public sealed record Gone : ImportOutcome;

    public sealed record Cancelled : ImportOutcome;

    public sealed record Refused : ImportOutcome;
}

/// <summary>
/// Organisers set up units and contacts from a workbook: a preview first (nothing changes), then
/// Confirm applies exactly what the preview showed, as one recorded change of the committee, decided on
/// the committee as stored at that moment.
/// </summary>
public sealed partial class ImportService(
    CommitteeRepository committees,
    IDocumentStore store,
    DocumentKeys keys,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    /// <summary>Pending imports older than this are forgotten.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromHours(24);

    public async Task<ImportOutcome> PreviewAsync(UserIdentity user, byte[] workbook, string fileName, CancellationToken cancellationToken)
    {
        if (!await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(user.AadObjectId);
            return new ImportOutcome.Refused();
        }

        var name = FileName(fileName);
        var stored = await committees.ReadStoredAsync(cancellationToken).ConfigureAwait(false);
        var plan = ImportPlanner.Plan(workbook, stored);
        if (!plan.CanApply)
        {
            return new ImportOutcome.Preview(plan, name, null, stored);
        }

        var now = clock.GetUtcNow();
        var pending = new PendingImport(NewId(now), name, user.AadObjectId, user.DisplayName, now, plan.Units, plan.Diff.Fingerprint());
        await store.WriteAsync(keys.Import(pending.Id), pending, ifMatch: null, cancellationToken).ConfigureAwait(false);
        await PurgeAsync(now, cancellationToken).ConfigureAwait(false);
        return new ImportOutcome.Preview(plan, name, pending.Id, stored);
    }

    public async Task<ImportOutcome> ConfirmAsync(UserIdentity user, string importId, CancellationToken cancellationToken)
    {
        if (!await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(user.AadObjectId);
            return new ImportOutcome.Refused();
        }

        if (await ReadAsync(importId, cancellationToken).ConfigureAwait(false) is not { } pending)
        {
            return new ImportOutcome.Gone();
        }

        CommitteeUpdate<Decision> update;
        try
        {
            update = await committees.DecideAsync(latest => Decide(latest, pending), user, CommitteeParts.Import(pending.FileName), cancellationToken).ConfigureAwait(false);
        }
        catch (CommitteeConfigurationException ex)
        {
            // The planner's checks should have caught it; the committee's own rules have the last word.
            var problems = ex.Problems.Select(p => new ImportProblem(ImportProblemKind.Rejected, Value: p)).ToList();
            await DeleteAsync(importId, cancellationToken).ConfigureAwait(false);
            return new ImportOutcome.Preview(new ImportPlan(pending.Units, ImportPlanner.NoChange, problems), pending.FileName, null, await committees.ReadStoredAsync(cancellationToken).ConfigureAwait(false));
        }

        switch (update.Result)
        {
            case Decision.Apply apply:
                await DeleteAsync(importId, cancellationToken).ConfigureAwait(false);
                LogApplied(importId, pending.FileName, user.AadObjectId);
                return new ImportOutcome.Applied(apply.Diff, pending.FileName, update.Committee);
            case Decision.NothingLeft:
                await DeleteAsync(importId, cancellationToken).ConfigureAwait(false);
                return new ImportOutcome.Gone();
            case Decision.Differs differs:
                // Keep the import, now promising what it would change today; the organiser confirms again.
                var refreshed = pending with { Fingerprint = differs.Diff.Fingerprint() };
                await store.UpdateAsync<PendingImport, bool>(keys.Import(importId), _ => new(refreshed, true), cancellationToken).ConfigureAwait(false);
                var plan = new ImportPlan(pending.Units, differs.Diff, []);
                return new ImportOutcome.Changed(new ImportOutcome.Preview(plan, pending.FileName, importId, update.Committee));
            default:
                throw new InvalidOperationException("Unknown import decision.");
        }
    }

    public async Task<ImportOutcome> CancelAsync(UserIdentity user, string importId, CancellationToken cancellationToken)
    {
        if (!await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false))
        {
            return new ImportOutcome.Refused();
        }

        await DeleteAsync(importId, cancellationToken).ConfigureAwait(false);
        return new ImportOutcome.Cancelled();
    }

    /// <summary>Decided on the committee as stored now (again after a lost race): only the changes the preview showed are applied.</summary>
    private static CommitteeDecision<Decision> Decide(Committee latest, PendingImport pending)
    {
        var diff = ImportPlanner.Diff(latest, pending.Units);
        if (diff.IsEmpty)
        {
            return new(null, new Decision.NothingLeft());
        }

        return diff.Fingerprint() == pending.Fingerprint
            ? new(ImportPlanner.Apply(latest, pending.Units), new Decision.Apply(diff))
            : new(null, new Decision.Differs(diff));
    }

    private abstract record Decision
    {
        public sealed record Apply(ImportDiff Diff) : Decision;

        public sealed record Differs(ImportDiff Diff) : Decision;

        public sealed record NothingLeft : Decision;
    }

    private async Task<bool> IsOrganiserAsync(UserIdentity user, CancellationToken cancellationToken) =>
        Membership.Of(await committees.GetAsync(cancellationToken).ConfigureAwait(false)).RolesOf(user).IsOrganiser;

    private async Task<PendingImport?> ReadAsync(string importId, CancellationToken cancellationToken)
    {
        if (!IsId(importId))
        {
            return null;
        }

        var pending = (await store.ReadAsync<PendingImport>(keys.Import(importId), cancellationToken).ConfigureAwait(false))?.Value;
        return pending is not null && clock.GetUtcNow() - pending.At < PendingLifetime ? pending : null;
    }

    private Task DeleteAsync(string importId, CancellationToken cancellationToken) =>
        IsId(importId) ? store.DeleteAsync(keys.Import(importId), ifMatch: null, cancellationToken) : Task.CompletedTask;

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var prefix = keys.Import(string.Empty);
            foreach (var key in await store.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                if (DateTime.TryParseExact(key[prefix.Length..].Split('-')[0], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                    && now.UtcDateTime - at > PendingLifetime)
                {
                    await store.DeleteAsync(key, ifMatch: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Forgotten imports are only clutter: the preview just made is unaffected.
            LogPurgeFailed(ex);
        }
    }

    /// <summary>Import ids come back in card data: only our own shape reaches a storage key.</summary>
    private static bool IsId(string id) => id.Length == 47 && id[14] == '-' && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f' || c == '-');

    private static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The file's own name, short and plain, for the preview and the history.</summary>
    private static string FileName(string name)
    {
        var plain = new string(Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return plain.Length == 0 ? "workbook.xlsx" : plain.Length > 100 ? plain[..100] : plain;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a workbook import by {UserId}: not an organiser")]
    private partial void LogRefused(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} ({FileName}) applied by {UserId}")]
    private partial void LogApplied(string importId, string fileName, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove old pending imports")]
    private partial void LogPurgeFailed(Exception exception);
}
