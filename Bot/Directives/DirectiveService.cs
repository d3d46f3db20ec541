using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Storage;

namespace CooperationBot.Directives;

/// <summary>One section of a unit's save: what happened to that directive's progress.</summary>
public abstract record SectionResult(string DirectiveId)
{
    public sealed record Unchanged(string DirectiveId, UnitProgress Current) : SectionResult(DirectiveId);

    public sealed record Saved(string DirectiveId, UnitProgress Before, UnitProgress After) : SectionResult(DirectiveId);

    /// <summary>Someone else changed this directive's progress after the card was drawn; nothing was written.</summary>
    public sealed record Conflict(string DirectiveId, UnitProgress Current, ProgressInput Yours) : SectionResult(DirectiveId);
}

public abstract record ProgressOutcome
{
    private ProgressOutcome()
    {
    }

    public sealed record Done(IReadOnlyList<SectionResult> Sections) : ProgressOutcome
    {
        /// <summary>Directives this save set to blocked (they were not blocked before): organisers must hear of them.</summary>
        public IEnumerable<SectionResult.Saved> NewlyBlocked => Sections.OfType<SectionResult.Saved>()
            .Where(s => s.After.Status == DirectiveStatus.Blocked && s.Before.Status != DirectiveStatus.Blocked);
    }

    public sealed record Invalid(IReadOnlyList<DirectiveFieldError> Errors) : ProgressOutcome;

    public sealed record Refused : ProgressOutcome;
}

public abstract record DefinitionOutcome
{
    private DefinitionOutcome()
    {
    }

    public sealed record Saved(DirectiveDefinition Definition) : DefinitionOutcome;

    public sealed record Invalid(IReadOnlyList<DirectiveFieldError> Errors) : DefinitionOutcome;

    public sealed record Conflict(DirectiveDefinition Current) : DefinitionOutcome;

    public sealed record Refused : DefinitionOutcome;
}

/// <summary>One line of a timeline: who changed what, when, old → new.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string ByName, string DirectiveId, string? UnitId, string What, string Old, string New);

/// <summary>
/// The rules of directive follow-up. Definitions are seeded from the committee file (owners: all units;
/// due: the end of the plan year) and stored once an organiser changes them.
/// </summary>
public sealed partial class DirectiveService(IDocumentStore store, ICommitteeSource committees, DocumentKeys keys, TimeProvider clock, ILogger<DirectiveService> logger)
    : IDirectiveProgressSource
{
    private const int RememberedOperations = 20;

    public async Task<IReadOnlyList<DirectiveState>> GetAllAsync(CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(committee.Directives.Select(d => GetAsync(committee, d.Id, cancellationToken))).ConfigureAwait(false);
    }

    public async Task<DirectiveState> GetAsync(string directiveId, CancellationToken cancellationToken) =>
        await GetAsync(await committees.GetAsync(cancellationToken).ConfigureAwait(false), directiveId, cancellationToken).ConfigureAwait(false);

    /// <summary>The matrix as digests show it: owner units only, with overdue judged today.</summary>
    async Task<IReadOnlyList<DirectiveProgress>> IDirectiveProgressSource.GetAsync(CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAllAsync(cancellationToken).ConfigureAwait(false)).Select(state =>
        {
            // Looked up, not searched: a 10,000-unit committee has 10,000 cells per directive.
            var owners = state.Definition.OwnerUnitIds.ToHashSet();
            var progress = state.Progress.ToDictionary(p => p.UnitId);
            return new DirectiveProgress(
                state.Definition.Id,
                state.Definition.Text,
                state.Definition.DueDate,
                committee.Units.Where(u => owners.Contains(u.Id)).Select(u => progress.GetValueOrDefault(u.Id) ?? UnitProgress.New(state.Definition.Id, u.Id))
                    .Select(p => new CellProgress(p.UnitId, p.Status, state.IsOverdue(p), p.Note, p.Needs)).ToList());
        }).ToList();
    }

    /// <summary>The directives a unit owns, with its progress on each.</summary>
    public async Task<IReadOnlyList<DirectiveState>> GetOwnedByAsync(string unitId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var definitions = await Task.WhenAll(committee.Directives.Select(d => GetDefinitionAsync(committee, d.Id, cancellationToken))).ConfigureAwait(false);
        var owned = definitions.Where(d => d.OwnerUnitIds.Contains(unitId)).ToList();
        var progress = await Task.WhenAll(owned.Select(async d =>
            (await store.ReadAsync<UnitProgress>(keys.DirectiveProgress(d.Id, unitId), cancellationToken).ConfigureAwait(false))?.Value ?? UnitProgress.New(d.Id, unitId)))
            .ConfigureAwait(false);
        return owned.Select((d, i) => new DirectiveState(d, [progress[i]], Today(committee))).ToList();
    }

    /// <summary>
    /// Saves a contact's card: each directive section on its own document, so sections changed by
    /// nobody else are saved even when another section conflicts.
    /// </summary>
    public async Task<ProgressOutcome> UpdateProgressAsync(UserIdentity user, string unitId, IReadOnlyList<ProgressInput> inputs, string operationId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!Membership.Of(committee).RolesOf(user).IsContactOf(unitId))
        {
            LogRefused(user.AadObjectId, unitId);
            return new ProgressOutcome.Refused();
        }

        var owned = (await GetOwnedByAsync(unitId, cancellationToken).ConfigureAwait(false)).Select(s => s.Definition.Id).ToHashSet();
        var relevant = inputs.Where(i => owned.Contains(i.DirectiveId)).ToList();
        var errors = relevant.SelectMany(DirectiveRules.Validate).ToList();
        if (errors.Count > 0)
        {
            return new ProgressOutcome.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var sections = await Task.WhenAll(relevant.Select(input => store.UpdateAsync<UnitProgress, SectionResult>(
            keys.DirectiveProgress(input.DirectiveId, unitId),
            current => DecideProgress(current ?? UnitProgress.New(input.DirectiveId, unitId), input, user, operationId, now),
            cancellationToken))).ConfigureAwait(false);
        return new ProgressOutcome.Done(sections);
    }

    public async Task<DefinitionOutcome> UpdateDefinitionAsync(UserIdentity user, DefinitionInput input, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!Membership.Of(committee).RolesOf(user).IsOrganiser || committee.Directives.All(d => d.Id != input.DirectiveId))
        {
            return new DefinitionOutcome.Refused();
        }

        var current = await GetDefinitionAsync(committee, input.DirectiveId, cancellationToken).ConfigureAwait(false);
        var errors = DirectiveRules.Validate(input, committee.Units.Select(u => u.Id).ToHashSet(), Today(committee), current.DueDate, out var due);
        if (errors.Count > 0)
        {
            return new DefinitionOutcome.Invalid(errors);
        }

        var now = clock.GetUtcNow();

        // The demo overlay shifts due dates as shown; the store keeps the real ones.
        var shift = committee.DemoShiftDays;
        DirectiveDefinition Shown(DirectiveDefinition d) => d with { DueDate = d.DueDate.AddDays(shift) };
        due = due.AddDays(-shift);
        return await store.UpdateAsync<DirectiveDefinition, DefinitionOutcome>(keys.DirectiveDefinition(input.DirectiveId), stored =>
        {
            var latest = stored ?? current with { DueDate = current.DueDate.AddDays(-shift) };
            if (latest.Version != input.BaseVersion)
            {
                return new(null, new DefinitionOutcome.Conflict(Shown(latest)));
            }

            var owners = committee.Units.Select(u => u.Id).Where(input.OwnerUnitIds.Contains).ToList();
            var text = new LocalizedText(input.TextZh.Trim(), input.TextEn.Trim());
            var changes = new List<DefinitionChange>();
            void Track(string field, string old, string @new)
            {
                if (old != @new)
                {
                    changes.Add(new DefinitionChange(now, user.DisplayName, field, old, @new));
                }
            }

            Track("text.zh", latest.Text.Zh, text.Zh);
            Track("text.en", latest.Text.En, text.En);
            Track("owners", string.Join(",", latest.OwnerUnitIds), string.Join(",", owners));
            Track("dueDate", latest.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (changes.Count == 0)
            {
                return new(null, new DefinitionOutcome.Saved(Shown(latest)));
            }

            var next = latest with { Text = text, OwnerUnitIds = owners, DueDate = due, Version = latest.Version + 1, History = [.. latest.History, .. changes] };
            return new(next, new DefinitionOutcome.Saved(Shown(next)));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every change to one directive (definition and all units' progress), newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryOfDirectiveAsync(string directiveId, CancellationToken cancellationToken)
    {
        var state = await GetAsync(directiveId, cancellationToken).ConfigureAwait(false);
        return state.Definition.History.Select(c => new HistoryEntry(c.At, c.ByName, directiveId, null, c.Field, c.Old, c.New))
            .Concat(state.Progress.SelectMany(p => ProgressEntries(p)))
            .OrderByDescending(e => e.At).ToList();
    }

    /// <summary>Every change a unit made to its progress, on all directives, newest first (a retired unit's too).</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryOfUnitAsync(string unitId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var progress = await Task.WhenAll(committee.Directives.Select(d => store.ReadAsync<UnitProgress>(keys.DirectiveProgress(d.Id, unitId), cancellationToken))).ConfigureAwait(false);
        return progress.OfType<Stored<UnitProgress>>().SelectMany(p => ProgressEntries(p.Value))
            .OrderByDescending(e => e.At).ToList();
    }

    private static IEnumerable<HistoryEntry> ProgressEntries(UnitProgress progress) => progress.History.SelectMany(h =>
    {
        var entries = new List<HistoryEntry>();
        if (h.OldStatus != h.NewStatus)
        {
            entries.Add(new HistoryEntry(h.At, h.ByName, progress.DirectiveId, progress.UnitId, "status", h.OldStatus.ToString(), h.NewStatus.ToString()));
        }

        if ((h.OldNote ?? string.Empty) != (h.NewNote ?? string.Empty))
        {
            entries.Add(new HistoryEntry(h.At, h.ByName, progress.DirectiveId, progress.UnitId, "note", h.OldNote ?? string.Empty, h.NewNote ?? string.Empty));
        }

        return entries;
    });

    private static UpdateDecision<UnitProgress, SectionResult> DecideProgress(UnitProgress current, ProgressInput input, UserIdentity user, string operationId, DateTimeOffset now)
    {
        var operation = $"{operationId}/{input.DirectiveId}";
        if (current.RecentOperationIds.Contains(operation))
        {
            return new(null, new SectionResult.Unchanged(input.DirectiveId, current));
        }

        DirectiveRules.TryParseStatus(input.Status, out var status);
        var note = NullIfEmpty(input.Note);
        var needs = status == DirectiveStatus.Blocked ? NullIfEmpty(input.Needs) : null;
        if (status == current.Status && note == current.Note && needs == current.Needs)
        {
            return new(null, new SectionResult.Unchanged(input.DirectiveId, current));
        }

        if (current.Version != input.BaseVersion && current.ChangedById != user.AadObjectId)
        {
            return new(null, new SectionResult.Conflict(input.DirectiveId, current, input));
        }

        var change = new ProgressChange(now, user.AadObjectId, user.DisplayName, current.Status, status, current.Note, note, needs);
        var next = current with
        {
            Status = status,
            Note = note,
            Needs = needs,
            Version = current.Version + 1,
            ChangedById = user.AadObjectId,
            ChangedByName = user.DisplayName,
            ChangedAt = now,
            History = [.. current.History, change],
            RecentOperationIds = [.. current.RecentOperationIds.TakeLast(RememberedOperations - 1), operation],
        };
        return new(next, new SectionResult.Saved(input.DirectiveId, current, next));
    }

    /// <summary>Today's date where the committee works: overdue is judged by its calendar.</summary>
    private DateOnly Today(Committee committee) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), committee.TimeZone).DateTime);

    private async Task<DirectiveState> GetAsync(Committee committee, string directiveId, CancellationToken cancellationToken)
    {
        var definition = await GetDefinitionAsync(committee, directiveId, cancellationToken).ConfigureAwait(false);
        var progress = await store.ReadManyAsync<UnitProgress>(committee.Units.Select(u => keys.DirectiveProgress(directiveId, u.Id)).ToList(), cancellationToken).ConfigureAwait(false);
        return new DirectiveState(definition, progress.OfType<UnitProgress>().ToList(), Today(committee));
    }

    private async Task<DirectiveDefinition> GetDefinitionAsync(Committee committee, string directiveId, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync<DirectiveDefinition>(keys.DirectiveDefinition(directiveId), cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            // A retired unit no longer owns anything; its recorded progress stays in the store.
            return stored.Value with
            {
                OwnerUnitIds = stored.Value.OwnerUnitIds.Where(id => committee.FindUnit(id) is not null).ToList(),
                DueDate = stored.Value.DueDate.AddDays(committee.DemoShiftDays),
            };
        }

        var index = committee.Directives.ToList().FindIndex(d => d.Id == directiveId);
        var configured = committee.Directives[index];
        return new DirectiveDefinition(configured.Id, index + 1, configured.Text, committee.Units.Select(u => u.Id).ToList(), new DateOnly(committee.PlanYear, 12, 31).AddDays(committee.DemoShiftDays), 0, []);
    }

    private static string? NullIfEmpty(string text) => text.Trim().Length == 0 ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused directive progress change by {UserId} for unit {UnitId}")]
    private partial void LogRefused(string userId, string unitId);
}
