using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Scheduling;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Proactive;
using CooperationBot.Teams.Reports;

namespace CooperationBot.Teams.Scheduling;

/// <summary>What a round of reminders did: units late, contacts queued, contacts that cannot be reached.</summary>
internal sealed record ReminderRound(int LateUnits, int Queued, IReadOnlyList<string> Unreachable);

/// <summary>
/// Reminds every contact of every unit that has not submitted, with the unit's report card, through
/// the outbox. The round id makes each reminder's key, so running a round again sends nothing twice.
/// </summary>
internal sealed class Reminders(ReportService reports, ReportActions reportActions, IProactiveMessenger messenger, ConversationReferences conversations, UnreachableRecipients unreachable, ICommitteeSource committees, TimeProvider clock)
{
    public async Task<ReminderRound> SendAsync(string roundId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var t = new Texts(committee.DefaultLanguage);
        var all = await reports.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var late = committee.Units.Where(u => all.FirstOrDefault(r => r.UnitId == u.Id)?.Status != ReportStatus.Submitted).ToList();
        var queued = 0;
        var unreachableNames = new List<string>();
        foreach (var unit in late)
        {
            var card = CardLanguage.Stamp(await reportActions.CardForAsync(t, committee, unit, cancellationToken).ConfigureAwait(false), t.Culture);
            var text = t.Format("Reminder_Text", t.Format("Cycle_Name", committee.ReportingYear, committee.PlanYear), unit.ShortName.For(t.Culture), committee.SubmissionDeadline.ToString("yyyy-MM-dd", t.Culture));
            foreach (var contact in unit.Contacts)
            {
                var result = await conversations.AadObjectIdOfAsync(contact, cancellationToken).ConfigureAwait(false) is { } aad
                    ? await messenger.SendAsync(new ProactiveMessage($"reminder/{roundId}/{unit.Id}/{aad}", aad, text, card), cancellationToken).ConfigureAwait(false)
                    : ProactiveResult.NoConversation;
                if (result is ProactiveResult.Queued or ProactiveResult.Duplicate)
                {
                    queued++;
                }
                else
                {
                    unreachableNames.Add(contact.Name);
                    await unreachable.RecordAsync(new Unreachable(contact.Name, result.ToString(), clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new ReminderRound(late.Count, queued, unreachableNames);
    }
}

/// <summary>Reminders before the deadline, at the offsets the committee file gives.</summary>
internal sealed class ReminderJob(Reminders reminders) : IScheduledJob
{
    public SlotKind Kind => SlotKind.Reminder;

    public Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken) => reminders.SendAsync(slot.Id, cancellationToken);
}

/// <summary>The `remind` command: an organiser reminds the late units now.</summary>
internal sealed class ReminderActions(Reminders reminders, TimeProvider clock)
{
    public async Task RemindOnRequestAsync(CommandRequest request)
    {
        var (t, cancellationToken) = (request.Texts, request.Cancellation);

        // One round per minute: a repeated click or redelivery within it reminds nobody twice.
        var round = await reminders.SendAsync($"manual-{clock.GetUtcNow():yyyyMMddHHmm}", cancellationToken).ConfigureAwait(false);
        var reply = round.LateUnits == 0 ? t["Remind_NoneLate"] : t.Format("Remind_Done", round.LateUnits, round.Queued);
        if (round.Unreachable.Count > 0)
        {
            reply += "\n\n" + t.Format("Remind_Unreachable", t.List(round.Unreachable));
        }

        await request.Turn.SendActivityAsync(reply, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
