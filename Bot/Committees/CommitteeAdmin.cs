using System.Globalization;
using CooperationBot.Storage;

namespace CooperationBot.Committees;

public abstract record AdminOutcome
{
    private AdminOutcome()
    {
    }

    /// <param name="Change">What was recorded; null when the card asked for what was already stored.</param>
    public sealed record Saved(Committee Committee, CommitteeChange? Change) : AdminOutcome;

    /// <summary>Nothing was stored; the organiser's input comes back with the problems.</summary>
    public sealed record Invalid(IReadOnlyList<AdminFieldError> Errors) : AdminOutcome;

    /// <summary>Someone changed the same part after the card was drawn; nothing was stored.</summary>
    public sealed record Conflict(Committee Committee, CommitteeChange? Theirs) : AdminOutcome;

    /// <summary>The unit is not (or no longer) there.</summary>
    public sealed record NotFound(Committee Committee) : AdminOutcome;

    public sealed record Refused : AdminOutcome;
}

/// <summary>
/// Organisers run the committee: each part is changed on its own, decided on the latest stored version,
/// so two organisers editing different parts both keep their change and a stale edit of the same part is
/// told, never applied. Only organisers, as the activity identifies them, change anything.
/// </summary>
public sealed partial class CommitteeAdmin(
    CommitteeRepository repository,
    CommitteeHistory history,
    IDocumentStore store,
    DocumentKeys keys,
    TimeProvider clock,
    ILogger<CommitteeAdmin> logger)
{
    /// <summary>The committee as stored now (what organisers edit), or null when the user is not an organiser.</summary>
    public async Task<Committee?> GetAsync(UserIdentity user, CancellationToken cancellationToken) =>
        await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false) ? await repository.ReadStoredAsync(cancellationToken).ConfigureAwait(false) : null;

    public async Task<HistoryPage?> HistoryAsync(UserIdentity user, string? before, CancellationToken cancellationToken) =>
        await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false) ? await history.PageAsync(before, CommitteeHistory.PageSize, cancellationToken).ConfigureAwait(false) : null;

    public Task<AdminOutcome> SaveMeetingAsync(UserIdentity user, MeetingInput input, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Meeting, input.BaseVersion, CommitteeRules.MeetingVersion, c => CommitteeRules.Meeting(c, input), cancellationToken);

    /// <summary>
    /// Deadline, time zone and years. The years name the cycle its reports are stored under, so once a unit
    /// has reported they change only by opening a new cycle.
    /// </summary>
    public async Task<AdminOutcome> SaveDatesAsync(UserIdentity user, DatesInput input, CancellationToken cancellationToken)
    {
        var stored = await repository.ReadStoredAsync(cancellationToken).ConfigureAwait(false);
        var yearChanges = int.TryParse(input.ReportingYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year != stored.ReportingYear;
        if (yearChanges && (await store.ListKeysAsync(keys.CycleReportsPrefix(stored.CycleId), cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false)
                ? new AdminOutcome.Invalid([new AdminFieldError(AdminField.ReportingYear, AdminError.ReportsExist)])
                : new AdminOutcome.Refused();
        }

        return await ApplyAsync(user, CommitteeParts.Dates, input.BaseVersion, CommitteeRules.DatesVersion, c => CommitteeRules.Dates(c, input), cancellationToken).ConfigureAwait(false);
    }

    public Task<AdminOutcome> SaveOrganisersAsync(UserIdentity user, PeopleEdit edit, string? baseVersion, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Organisers, baseVersion, CommitteeRules.OrganisersVersion, c => CommitteeRules.Organisers(c, edit), cancellationToken);

    public Task<AdminOutcome> SaveUnitAsync(UserIdentity user, UnitInput input, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Unit(input.UnitId), input.BaseVersion, c => c.FindUnit(input.UnitId) is { } u ? CommitteeRules.UnitVersion(u) : string.Empty, c => CommitteeRules.Unit(c, input), cancellationToken);

    public Task<AdminOutcome> AddUnitAsync(UserIdentity user, UnitInput input, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Units, null, _ => string.Empty, c => CommitteeRules.AddUnit(c, input), cancellationToken);

    public Task<AdminOutcome> MoveUnitAsync(UserIdentity user, string unitId, int offset, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Units, null, _ => string.Empty, c => CommitteeRules.MoveUnit(c, unitId, offset), cancellationToken);

    public Task<AdminOutcome> RetireUnitAsync(UserIdentity user, string unitId, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Unit(unitId), null, _ => string.Empty, c => CommitteeRules.RetireUnit(c, unitId), cancellationToken);

    public Task<AdminOutcome> ReinstateUnitAsync(UserIdentity user, string unitId, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Unit(unitId), null, _ => string.Empty, c => CommitteeRules.ReinstateUnit(c, unitId), cancellationToken);

    public Task<AdminOutcome> SaveScheduleAsync(UserIdentity user, ScheduleInput input, CancellationToken cancellationToken) =>
        ApplyAsync(user, CommitteeParts.Schedule, input.BaseVersion, CommitteeRules.ScheduleVersion, c => CommitteeRules.Schedule(c, input), cancellationToken);

    public Task<AdminOutcome> SaveDirectivesAsync(UserIdentity user, DirectivesInput input, CancellationToken cancellationToken)
    {
        // New ids are made once, outside the decision that may run again: never reused, as progress is stored under them.
        var batch = Guid.NewGuid().ToString("N")[..6];
        return ApplyAsync(user, CommitteeParts.Directives, input.BaseVersion, CommitteeRules.DirectivesVersion,
            c => CommitteeRules.Directives(c, input, i => string.Create(CultureInfo.InvariantCulture, $"d{c.PlanYear}-{batch}-{i + 1}")), cancellationToken);
    }

    /// <summary>Opens the next cycle; a card drawn for an earlier cycle than the stored one is a conflict.</summary>
    public Task<AdminOutcome> OpenCycleAsync(UserIdentity user, NewCycleInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ApplyAsync(user, CommitteeParts.NewCycle, input.BaseCycleId, c => c.CycleId,
            c => CommitteeRules.NewCycle(c, input, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, c.TimeZone).DateTime), now, user.DisplayName), cancellationToken);
    }

    private async Task<bool> IsOrganiserAsync(UserIdentity user, CancellationToken cancellationToken) =>
        Membership.Of(await repository.GetAsync(cancellationToken).ConfigureAwait(false)).RolesOf(user).IsOrganiser;

    /// <param name="versionOf">The version of the part the card shows; compared with <paramref name="baseVersion"/> (null: no check).</param>
    /// <param name="edit">The edit on the latest committee; null when its subject (a unit) is not there.</param>
    private async Task<AdminOutcome> ApplyAsync(
        UserIdentity user, string part, string? baseVersion, Func<Committee, string> versionOf, Func<Committee, Edit?> edit, CancellationToken cancellationToken)
    {
        if (!await IsOrganiserAsync(user, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(user.AadObjectId, part);
            return new AdminOutcome.Refused();
        }

        CommitteeUpdate<AdminOutcome> update;
        try
        {
            update = await repository.DecideAsync(latest => Decide(latest, edit(latest), baseVersion, versionOf), user, part, cancellationToken).ConfigureAwait(false);
        }
        catch (CommitteeConfigurationException ex)
        {
            // The card's own rules should have caught it; the committee's rules are the last word.
            return new AdminOutcome.Invalid(ex.Problems.Select(p => new AdminFieldError(AdminField.Card, AdminError.Rejected, p)).ToList());
        }

        return update.Result switch
        {
            AdminOutcome.Saved => new AdminOutcome.Saved(update.Committee, update.Change),
            AdminOutcome.Conflict => new AdminOutcome.Conflict(update.Committee, await history.LatestOfAsync(part, cancellationToken).ConfigureAwait(false)),
            var other => other,
        };
    }

    private static CommitteeDecision<AdminOutcome> Decide(Committee latest, Edit? edit, string? baseVersion, Func<Committee, string> versionOf)
    {
        if (edit is null)
        {
            return new(null, new AdminOutcome.NotFound(latest));
        }

        if (baseVersion is not null && versionOf(latest) != baseVersion)
        {
            // A stale card that asks for what is stored already loses nothing (e.g. a redelivered click);
            // anything else is the other organiser's change, to be seen before deciding again.
            return edit.After is not null && versionOf(edit.After) == versionOf(latest)
                ? new(null, new AdminOutcome.Saved(latest, null))
                : new(null, new AdminOutcome.Conflict(latest, null));
        }

        return edit.After is null
            ? new(null, new AdminOutcome.Invalid(edit.Errors))
            : new(edit.After, new AdminOutcome.Saved(edit.After, null));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused committee change of {Part} by {UserId}: not an organiser")]
    private partial void LogRefused(string userId, string part);
}
