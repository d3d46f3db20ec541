using System.Globalization;
using CooperationBot.Committees;
using Cronos;

namespace CooperationBot.Scheduling;

public enum SlotKind
{
    Digest,
    Reminder,
}

/// <summary>One moment the bot must act, with an id every instance computes the same way.</summary>
public sealed record ScheduledSlot(string Id, SlotKind Kind, DateTimeOffset At);

/// <summary>Computes the committee's slots: digests from the cron, reminders before the deadline.</summary>
public sealed class SlotPlanner
{
    /// <summary>Reminders go out at this local time on their day.</summary>
    public static readonly TimeOnly ReminderTime = new(9, 0);

    /// <summary>Slots with <paramref name="from"/> &lt; At &lt;= <paramref name="to"/>, oldest first, for the committee as it is now.</summary>
    public IReadOnlyList<ScheduledSlot> Between(Committee committee, DateTimeOffset from, DateTimeOffset to)
    {
        var digestCron = committee.Schedule.DigestCron is { } cron ? CronExpression.Parse(cron) : null;
        var slots = new List<ScheduledSlot>();
        if (digestCron is not null)
        {
            slots.AddRange(digestCron.GetOccurrences(from, to, committee.TimeZone, fromInclusive: false, toInclusive: true)
                .Select(at => new ScheduledSlot($"digest-{at.UtcDateTime:yyyyMMddHHmm}", SlotKind.Digest, at)));
        }

        foreach (var days in committee.Schedule.ReminderDaysBeforeDeadline)
        {
            var at = ReminderAt(committee, days);
            if (at > from && at <= to)
            {
                slots.Add(new ScheduledSlot(string.Create(CultureInfo.InvariantCulture, $"reminder-{committee.CycleId}-{days}d"), SlotKind.Reminder, at));
            }
        }

        return slots.OrderBy(s => s.At).ToList();
    }

    private static DateTimeOffset ReminderAt(Committee committee, int daysBefore)
    {
        var local = committee.SubmissionDeadline.AddDays(-daysBefore).ToDateTime(ReminderTime);
        return new DateTimeOffset(local, committee.TimeZone.GetUtcOffset(local));
    }
}
