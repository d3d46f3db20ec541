using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>When the bot acts on its own, in plain choices: the digest's day and time, reminders before the deadline.</summary>
internal static class ScheduleCard
{
    public static JObject Build(Texts t, Committee c, ScheduleInput? typed, AdminCardState state)
    {
        var (day, time) = ScheduleChoices.Describe(c.Schedule.DigestCron);
        var days = Enum.GetValues<DigestDay>().Where(d => d != DigestDay.Custom || day == DigestDay.Custom)
            .Select(d => (d == DigestDay.Custom ? t.Format("Schedule_Day_Custom", c.Schedule.DigestCron) : t["Schedule_Day_" + d], d.ToString()));
        var offered = ScheduleChoices.OfferedReminderDays.Union(c.Schedule.ReminderDaysBeforeDeadline).OrderByDescending(d => d)
            .Select(d => (t.Format("Schedule_DaysBefore", d), d.ToString(CultureInfo.InvariantCulture)));
        var body = new List<JToken?>
        {
            Title(t["Committee_Part_Schedule"]),
            Banner(state),
            Text(t.Format("Schedule_Intro", c.TimeZone.Id), subtle: true),
        };
        body.AddRange(CardErrors(t, state));
        body.AddRange(WithError(t, state, AdminField.DigestDay, Choices(AdminInputs.DigestDay, t["Schedule_DigestDay"], typed?.Day ?? day.ToString(), days)));
        body.AddRange(WithError(t, state, AdminField.DigestTime, new JObject
        {
            ["type"] = "Input.Time",
            ["id"] = AdminInputs.DigestTime,
            ["label"] = t["Schedule_DigestTime"],
            ["value"] = typed?.Time ?? time.ToString("HH:mm", CultureInfo.InvariantCulture),
        }));
        body.AddRange(WithError(t, state, AdminField.ReminderDays, Choices(
            AdminInputs.ReminderDays,
            t["Schedule_ReminderDays"],
            string.Join(',', typed?.ReminderDays ?? c.Schedule.ReminderDaysBeforeDeadline.Select(d => d.ToString(CultureInfo.InvariantCulture))),
            offered,
            multi: true,
            style: "expanded")));
        return Card(body, [Save(t, CommitteeVerbs.SaveSchedule, new JObject { ["base"] = CommitteeRules.ScheduleVersion(c) }), Back(t)]);
    }

    /// <summary>"Digest every Monday at 09:00; reminders 7, 3, 1 days before the deadline."</summary>
    public static string Describe(Texts t, Schedule schedule)
    {
        var (day, time) = ScheduleChoices.Describe(schedule.DigestCron);
        var digest = day switch
        {
            DigestDay.None => t["Schedule_NoDigest"],
            DigestDay.Custom => t.Format("Schedule_CustomDigest", schedule.DigestCron),
            _ => t.Format("Schedule_Digest", t["Schedule_Day_" + day], time.ToString("HH:mm", CultureInfo.InvariantCulture)),
        };
        var reminders = schedule.ReminderDaysBeforeDeadline.Count == 0
            ? t["Schedule_NoReminders"]
            : t.Format("Schedule_Reminders", t.List(schedule.ReminderDaysBeforeDeadline.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        return digest + " " + reminders;
    }
}
