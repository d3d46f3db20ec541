using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Scheduling;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Proactive;
using CooperationBot.Teams.Reach;
using CooperationBot.Teams.Reports;

namespace CooperationBot.Teams.Scheduling;

/// <summary>What a round of reminders did: units late, contacts queued, contacts that cannot be reached (and, with Graph, why).</summary>
internal sealed record ReminderRound(int LateUnits, int Queued, IReadOnlyList<string> Unreachable, ReachReport? Reach = null);

/// <summary>
/// Reminds every contact of every unit that has not submitted, with the unit's report card, through
/// the outbox. The round id makes each reminder's key, so running a round again sends nothing twice.
/// </summary>
internal sealed class Reminders(ReportService reports, ReportActions reportActions, IProactiveMessenger messenger, ConversationReferences conversations, UnreachableRecipients unreachable, ICommitteeSource committees, TimeProvider clock, Reacher reacher)
{
    public async Task<ReminderRound> SendAsync(string roundId, CancellationToken cancellationToken)
    {
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var t = new Texts(committee.DefaultLanguage);
        var all = await reports.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var late = committee.Units.Where(u => all.FirstOrDefault(r => r.UnitId == u.Id)?.Status != ReportStatus.Submitted).ToList();

        // Late contacts who never opened the bot are reached through Graph first; the reminder is their greeting.
        var reach = reacher.Enabled ? await reacher.ReachAsync(committee, late.SelectMany(u => u.Contacts), greet: false, cancellationToken).ConfigureAwait(false) : null;
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
                    var reason = reach?.ProblemOf(contact)?.Reason.ToString() ?? result.ToString();
                    await unreachable.RecordAsync(new Unreachable(contact.Name, reason, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new ReminderRound(late.Count, queued, unreachableNames, reach);
    }
}

/// <summary>Reminders before the deadline, at the offsets the committee file gives.</summary>
internal sealed class ReminderJob(Reminders reminders) : IScheduledJob
{
    public SlotKind Kind => SlotKind.Reminder;

    public Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken) => reminders.SendAsync(slot.Id, cancellationToken);
}

/// <summary>The `remind` command: an organiser reminds the late units now.</summary>
internal sealed class ReminderActions(Reminders reminders, TimeProvider clock, Reacher reacher)
{
    public async Task RemindOnRequestAsync(CommandRequest request)
    {
        var (t, cancellationToken) = (request.Texts, request.Cancellation);

        // One round per minute: a repeated click or redelivery within it reminds nobody twice.
        var round = await reminders.SendAsync($"manual-{clock.GetUtcNow():yyyyMMddHHmm}", cancellationToken).ConfigureAwait(false);
        var reply = round.LateUnits == 0 ? t["Remind_NoneLate"] : t.Format("Remind_Done", round.LateUnits, round.Queued);
        var explained = round.Reach?.NotReached ?? [];
        var unexplained = round.Unreachable.Where(name => explained.All(o => o.Person.Name != name)).ToList();
        if (unexplained.Count > 0)
        {
            reply += "\n\n" + t.Format("Remind_Unreachable", t.List(unexplained));
        }

        foreach (var outcome in explained)
        {
            reply += "\n\n" + t.Format("Remind_NotReached", outcome.Person.Name, ReachCards.Reason(t, outcome));
        }

        // With Graph the answer offers to reach everyone else too (organisers, contacts of units that submitted).
        var answer = reacher.Enabled
            ? Microsoft.Bot.Builder.MessageFactory.Attachment(ReportActions.AsAttachment(ReachCards.Offer(t)), reply)
            : Microsoft.Bot.Builder.MessageFactory.Text(reply);
        await request.Turn.SendActivityAsync(answer, cancellationToken).ConfigureAwait(false);
    }
}
