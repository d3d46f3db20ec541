using System.Globalization;
using CooperationBot.Storage;

namespace CooperationBot.Committees;

/// <summary>One field of the committee that a change moved from <see cref="Old"/> to <see cref="New"/>.</summary>
/// <param name="Subject">The id of the unit the field belongs to; null for the committee's own fields.</param>
/// <param name="Field">A <see cref="CommitteeFields"/> code.</param>
public sealed record FieldChange(string? Subject, string Field, string Old, string New);

/// <summary>
/// One change to the committee: who, when, what (old → new). Each is its own small document, so the
/// committee document that every save rewrites does not grow with its history.
/// </summary>
/// <param name="Part">What was changed: a <see cref="CommitteeParts"/> code, or a caller's own summary (e.g. an import).</param>
public sealed record CommitteeChange(string Id, DateTimeOffset At, string ById, string ByName, string Part, IReadOnlyList<FieldChange> Changes);

/// <summary>The parts of the committee an organiser edits on their own cards.</summary>
public static class CommitteeParts
{
    public const string Meeting = "meeting";
    public const string Dates = "dates";
    public const string Organisers = "organisers";
    public const string Units = "units";
    public const string Schedule = "schedule";
    public const string Directives = "directives";
    public const string NewCycle = "newCycle";

    /// <summary>One unit's names and contacts.</summary>
    public static string Unit(string unitId) => $"unit:{unitId}";
}

/// <summary>The field codes a <see cref="FieldChange"/> names.</summary>
public static class CommitteeFields
{
    public const string TitleZh = "TitleZh";
    public const string TitleEn = "TitleEn";
    public const string MeetingDate = "MeetingDate";
    public const string ChairZh = "ChairZh";
    public const string ChairEn = "ChairEn";
    public const string ReportingYear = "ReportingYear";
    public const string PlanYear = "PlanYear";
    public const string Deadline = "Deadline";
    public const string TimeZone = "TimeZone";
    public const string Language = "Language";
    public const string Organisers = "Organisers";
    public const string UnitAdded = "UnitAdded";
    public const string UnitRetired = "UnitRetired";
    public const string UnitReinstated = "UnitReinstated";
    public const string ShortNameZh = "ShortNameZh";
    public const string ShortNameEn = "ShortNameEn";
    public const string FullNameZh = "FullNameZh";
    public const string FullNameEn = "FullNameEn";
    public const string Contacts = "Contacts";
    public const string UnitOrder = "UnitOrder";
    public const string DigestCron = "DigestCron";
    public const string ReminderDays = "ReminderDays";
    public const string DirectiveAdded = "DirectiveAdded";
    public const string DirectiveRemoved = "DirectiveRemoved";
    public const string DirectiveText = "DirectiveText";
    public const string Cycle = "Cycle";
}

/// <summary>Writes and reads the committee's change history (newest first).</summary>
public sealed class CommitteeHistory(IDocumentStore store, DocumentKeys keys)
{
    public const int PageSize = 20;

    /// <summary>
    /// The id of the change that made a committee revision: revisions are counted by every stored write
    /// (each decided on the version before it), so key order is exactly the order the changes happened in.
    /// </summary>
    public static string IdOf(long revision) => revision.ToString("D12", CultureInfo.InvariantCulture);

    public Task RecordAsync(CommitteeChange change, CancellationToken cancellationToken) =>
        store.WriteAsync(keys.CommitteeChange(change.Id), change, ifMatch: null, cancellationToken);

    /// <summary>Up to <paramref name="count"/> changes older than <paramref name="before"/> (an id; null = the newest), newest first.</summary>
    public async Task<HistoryPage> PageAsync(string? before, int count, CancellationToken cancellationToken)
    {
        var all = await store.ListKeysAsync(keys.CommitteeChangesPrefix, cancellationToken).ConfigureAwait(false);
        var ids = all.Select(k => k[keys.CommitteeChangesPrefix.Length..])
            .Where(id => before is null || string.CompareOrdinal(id, before) < 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var page = ids.TakeLast(count).Reverse().ToList();
        var changes = await Task.WhenAll(page.Select(id => store.ReadAsync<CommitteeChange>(keys.CommitteeChange(id), cancellationToken))).ConfigureAwait(false);
        return new HistoryPage(changes.Where(c => c is not null).Select(c => c!.Value).ToList(), ids.Count > count);
    }

    /// <summary>The newest change of one part, to say who changed it when an organiser's card was stale.</summary>
    public async Task<CommitteeChange?> LatestOfAsync(string part, CancellationToken cancellationToken)
    {
        var page = await PageAsync(null, PageSize, cancellationToken).ConfigureAwait(false);
        return page.Changes.FirstOrDefault(c => c.Part == part);
    }
}

/// <summary>A page of history, newest first; <see cref="HasOlder"/> when more lie beyond it.</summary>
public sealed record HistoryPage(IReadOnlyList<CommitteeChange> Changes, bool HasOlder);
