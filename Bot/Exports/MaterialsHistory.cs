using CooperationBot.Committees;
using CooperationBot.Localization;

namespace CooperationBot.Exports;

/// <summary>One line of the change history sheet.</summary>
public sealed record HistoryLine(DateTimeOffset At, string ByName, string Unit, string Subject, string Field, string Old, string New);

/// <summary>Every recorded change behind the materials, oldest first: report revisions, directive progress and definitions, the committee itself.</summary>
public static class MaterialsHistory
{
    private static readonly HashSet<string> NamedFields = typeof(CommitteeFields).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<HistoryLine> Of(MeetingMaterials m, Texts t)
    {
        var lines = new List<HistoryLine>();
        foreach (var (unit, revisions) in m.Units.Select(u => (u.Unit, u.Revisions)))
        {
            var name = unit.ShortName.For(t.Culture);
            foreach (var revision in revisions)
            {
                var summary = t.Format("Excel_RevisionSummary", revision.Number, revision.Content.Achievements.Count, revision.Content.Priorities.Count);
                var previous = revision.Number > 1 ? t.Format("Excel_RevisionName", revision.Number - 1) : string.Empty;
                lines.Add(new HistoryLine(revision.SubmittedAt, revision.SubmittedByName, name, t["Excel_SubjectReport"], t["Excel_FieldSubmitted"], previous, summary));
            }
        }

        foreach (var directive in m.Directives)
        {
            var subject = t.Format("Word_DirectiveShort", directive.Definition.Number);
            foreach (var change in directive.Definition.History)
            {
                lines.Add(new HistoryLine(change.At, change.ByName, string.Empty, subject, t["History_What_" + change.Field], change.Old, change.New));
            }

            foreach (var progress in directive.Progress)
            {
                var unit = m.Committee.FindAnyUnit(progress.UnitId)?.ShortName.For(t.Culture) ?? progress.UnitId;
                foreach (var change in progress.History)
                {
                    if (change.OldStatus != change.NewStatus)
                    {
                        lines.Add(new HistoryLine(change.At, change.ByName, unit, subject, t["History_What_status"], t["Status_" + change.OldStatus], t["Status_" + change.NewStatus]));
                    }

                    if ((change.OldNote ?? string.Empty) != (change.NewNote ?? string.Empty))
                    {
                        lines.Add(new HistoryLine(change.At, change.ByName, unit, subject, t["History_What_note"], change.OldNote ?? string.Empty, change.NewNote ?? string.Empty));
                    }
                }
            }
        }

        foreach (var change in m.CommitteeChanges.Where(c => c.At <= m.At))
        {
            foreach (var field in change.Changes)
            {
                var unit = field.Subject is { } id ? m.Committee.FindAnyUnit(id)?.ShortName.For(t.Culture) ?? id : string.Empty;
                var name = NamedFields.Contains(field.Field) ? t["CommitteeField_" + field.Field] : field.Field;
                lines.Add(new HistoryLine(change.At, change.ByName, unit, t["Excel_SubjectCommittee"], name, field.Old, field.New));
            }
        }

        // Stable: changes made at the same moment keep the order they were recorded in.
        return lines.OrderBy(l => l.At).ToList();
    }
}
