using System.Globalization;

namespace CooperationBot.Committees;

/// <summary>
/// What changed between two versions of the committee, field by field, in words an organiser reads
/// (names, not ids). Used for every recorded change, whichever card or import made it.
/// </summary>
public static class CommitteeDiff
{
    public static IReadOnlyList<FieldChange> Between(Committee before, Committee after)
    {
        var changes = new List<FieldChange>();
        void Field(string? subject, string field, string old, string @new)
        {
            if (old != @new)
            {
                changes.Add(new FieldChange(subject, field, old, @new));
            }
        }

        Field(null, CommitteeFields.TitleZh, before.Meeting.Title.Zh, after.Meeting.Title.Zh);
        Field(null, CommitteeFields.TitleEn, before.Meeting.Title.En, after.Meeting.Title.En);
        Field(null, CommitteeFields.MeetingDate, Date(before.Meeting.Date), Date(after.Meeting.Date));
        Field(null, CommitteeFields.ChairZh, before.Meeting.Chair.Zh, after.Meeting.Chair.Zh);
        Field(null, CommitteeFields.ChairEn, before.Meeting.Chair.En, after.Meeting.Chair.En);
        Field(null, CommitteeFields.Cycle, before.CycleId, after.CycleId);
        Field(null, CommitteeFields.Deadline, Date(before.SubmissionDeadline), Date(after.SubmissionDeadline));
        Field(null, CommitteeFields.TimeZone, before.TimeZone.Id, after.TimeZone.Id);
        Field(null, CommitteeFields.Language, before.DefaultLanguage.Name, after.DefaultLanguage.Name);
        Field(null, CommitteeFields.Organisers, People(before.Organisers), People(after.Organisers));
        Field(null, CommitteeFields.DigestCron, before.Schedule.DigestCron ?? string.Empty, after.Schedule.DigestCron ?? string.Empty);
        Field(null, CommitteeFields.ReminderDays, Days(before.Schedule), Days(after.Schedule));

        var beforeUnits = before.Units.Concat(before.RetiredUnits).ToDictionary(u => u.Id);
        var afterRetired = after.RetiredUnits.Select(u => u.Id).ToHashSet();
        var beforeRetired = before.RetiredUnits.Select(u => u.Id).ToHashSet();
        foreach (var unit in after.Units.Concat(after.RetiredUnits))
        {
            var name = unit.Id;
            if (!beforeUnits.TryGetValue(unit.Id, out var old))
            {
                Field(name, CommitteeFields.UnitAdded, string.Empty, $"{unit.ShortName.Zh} / {unit.ShortName.En}");
                continue;
            }

            if (afterRetired.Contains(unit.Id) != beforeRetired.Contains(unit.Id))
            {
                // Retiring takes the unit out of the list (name → nothing); reinstating brings it back.
                var retiredNow = afterRetired.Contains(unit.Id);
                Field(name, retiredNow ? CommitteeFields.UnitRetired : CommitteeFields.UnitReinstated, retiredNow ? old.ShortName.Zh : string.Empty, retiredNow ? string.Empty : unit.ShortName.Zh);
            }

            Field(name, CommitteeFields.ShortNameZh, old.ShortName.Zh, unit.ShortName.Zh);
            Field(name, CommitteeFields.ShortNameEn, old.ShortName.En, unit.ShortName.En);
            Field(name, CommitteeFields.FullNameZh, old.FullName.Zh, unit.FullName.Zh);
            Field(name, CommitteeFields.FullNameEn, old.FullName.En, unit.FullName.En);
            Field(name, CommitteeFields.Contacts, People(old.Contacts), People(unit.Contacts));
        }

        // Order: each unit that stayed active and moved relative to the others, by its position among them.
        var stayedIds = before.Units.Select(u => u.Id).ToHashSet();
        var stayed = after.Units.Select(u => u.Id).Where(stayedIds.Contains).ToList();
        var stayedSet = stayed.ToHashSet();
        var was = before.Units.Select(u => u.Id).Where(stayedSet.Contains).ToList();
        for (var i = 0; i < stayed.Count; i++)
        {
            var oldPosition = was.IndexOf(stayed[i]);
            if (oldPosition != i)
            {
                Field(stayed[i], CommitteeFields.UnitOrder, Position(oldPosition), Position(i));
            }
        }

        var beforeDirectives = before.Directives.ToDictionary(d => d.Id);
        var afterIds = after.Directives.Select(d => d.Id).ToHashSet();
        foreach (var directive in before.Directives.Where(d => !afterIds.Contains(d.Id)))
        {
            Field(null, CommitteeFields.DirectiveRemoved, directive.Text.Zh, string.Empty);
        }

        foreach (var directive in after.Directives)
        {
            if (!beforeDirectives.TryGetValue(directive.Id, out var old))
            {
                Field(null, CommitteeFields.DirectiveAdded, string.Empty, directive.Text.Zh);
            }
            else
            {
                Field(null, CommitteeFields.DirectiveText, $"{old.Text.Zh} / {old.Text.En}", $"{directive.Text.Zh} / {directive.Text.En}");
            }
        }

        return changes;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Days(Schedule schedule) => string.Join(", ", schedule.ReminderDaysBeforeDeadline.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static string People(IEnumerable<Person> people) => string.Join(", ", people.Select(p => p.Upn is null ? p.Name : $"{p.Name} <{p.Upn}>"));

    private static string Position(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
