using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Storage;

namespace CooperationBot.Reports;

/// <summary>How one of last cycle's priorities went.</summary>
public enum FollowUpStatus
{
    Done,
    Partly,
    NotYet,
    Dropped,
}

/// <summary>
/// A unit's answer about one priority it announced in the previous cycle. The priority's text is kept
/// with the answer, so the report reads on its own later. A draft may leave the status open.
/// </summary>
public sealed record PriorityFollowUp(string Priority, FollowUpStatus? Status, string? Note);

/// <summary>What the card sent for the previous priority at <see cref="Index"/> (0-based).</summary>
public sealed record FollowUpInput(int Index, string Status, string Note);

public static class FollowUpRules
{
    public const int MaxNoteLength = 200;

    /// <summary>Exactly one defined status name ("Done, Dropped" or "1" would otherwise parse as a combination or a number).</summary>
    public static bool TryParseStatus(string value, out FollowUpStatus status)
    {
        var name = Enum.GetNames<FollowUpStatus>().FirstOrDefault(n => string.Equals(n, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        status = name is null ? default : Enum.Parse<FollowUpStatus>(name);
        return name is not null;
    }

    /// <summary>
    /// Adds the answers about last cycle's priorities to the parsed content. Submitting needs a status for
    /// every previous priority; a draft keeps whatever was answered. Errors name the 1-based priority.
    /// </summary>
    public static (ReportContent Content, IReadOnlyList<FieldError> Errors) Apply(
        ReportContent content, IReadOnlyList<FieldError> errors, IReadOnlyList<FollowUpInput> inputs, IReadOnlyList<string> previous, bool forSubmit)
    {
        if (previous.Count == 0)
        {
            return (content, errors);
        }

        var all = errors.ToList();
        var followUps = new List<PriorityFollowUp>();
        for (var i = 0; i < previous.Count; i++)
        {
            var input = inputs.FirstOrDefault(f => f.Index == i);
            FollowUpStatus? status = input is not null && TryParseStatus(input.Status, out var parsed) ? parsed : null;
            var note = input?.Note.Trim() ?? string.Empty;
            if (status is null && forSubmit)
            {
                all.Add(new FieldError(ReportField.FollowUpStatus, ReportError.Required, i + 1));
            }

            if (note.Length > MaxNoteLength)
            {
                all.Add(new FieldError(ReportField.FollowUpNote, ReportError.TooLong, i + 1));
            }

            followUps.Add(new PriorityFollowUp(previous[i], status, note.Length == 0 ? null : note));
        }

        return (content with { FollowUps = followUps }, all);
    }
}

/// <summary>Earlier cycles' reports: read-only once their cycle has ended, so they are read once per process.</summary>
public sealed class PastReports(IDocumentStore store, DocumentKeys keys)
{
    private readonly ConcurrentDictionary<(string Cycle, string Unit), IReadOnlyList<string>> priorities = new();

    /// <summary>The priorities the unit last submitted in the previous cycle (none when there was no cycle or no submission).</summary>
    public async Task<IReadOnlyList<string>> PreviousPrioritiesAsync(Committee committee, string unitId, CancellationToken cancellationToken)
    {
        if (committee.PreviousCycle is not { } previous)
        {
            return [];
        }

        if (priorities.TryGetValue((previous.Id, unitId), out var known))
        {
            return known;
        }

        var report = await GetAsync(previous.Id, unitId, cancellationToken).ConfigureAwait(false);
        return priorities[(previous.Id, unitId)] = report?.Latest?.Content.Priorities ?? [];
    }

    public async Task<UnitReport?> GetAsync(string cycleId, string unitId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<UnitReport>(keys.Report(cycleId, unitId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>The units that have a report (draft or submitted) stored in a cycle.</summary>
    public async Task<IReadOnlyList<string>> UnitsWithReportsAsync(string cycleId, CancellationToken cancellationToken)
    {
        var prefix = keys.CycleReportsPrefix(cycleId);
        // Each report's earlier revisions are documents below it (…/reports/{unit}/revisions/{n}): only direct children are units.
        return (await store.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            .Select(k => k[prefix.Length..]).Where(unit => !unit.Contains('/', StringComparison.Ordinal)).ToList();
    }
}
