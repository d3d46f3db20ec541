using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Scheduling;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Proactive;

namespace CooperationBot.Teams.Scheduling;

/// <summary>
/// The scheduled digest, through the outbox: recorded first (once per slot: a re-run of the slot gets
/// the same record, so the outbox's keys send nothing twice), then queued, then marked posted. A
/// failure anywhere throws, and the scheduler runs the slot again; nothing is orphaned. With no
/// channel bound it goes to each organiser's 1:1 chat with the request to bind one.
/// </summary>
internal sealed partial class DigestJob(
    DigestService digests,
    ChannelDirectory channels,
    IProactiveMessenger messenger,
    ConversationReferences conversations,
    UnreachableRecipients unreachable,
    ICommitteeSource committees,
    CooperationBot.Reach.IReachDirectory directory,
    TimeProvider clock,
    ILogger<DigestJob> logger) : IScheduledJob
{
    public SlotKind Kind => SlotKind.Digest;

    public async Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken)
    {
        var target = await channels.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var audience = target.Channel is null ? DigestAudience.Organisers : DigestAudience.Channel;
        var digest = await digests.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var record = await digests.RecordAsync(digest, audience, slot.Id, cancellationToken).ConfigureAwait(false);
        if (record.State == DigestState.Posted)
        {
            return;
        }

        var t = new Texts(digest.Committee.DefaultLanguage);
        var cards = DigestCards.Build(t, digest, record.Id, mention: audience == DigestAudience.Channel, offerReach: directory.Enabled);
        if (target is { Team: { } team, Channel: { } channel })
        {
            for (var i = 0; i < cards.Count; i++)
            {
                Queued(await messenger.PostToChannelAsync(new ChannelPost($"digest/{slot.Id}/{i}", channel.Id, team.ServiceUrl, team.TenantId, cards[i]), cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            await SendToOrganisersAsync(t, slot, target.Problem, cards, cancellationToken).ConfigureAwait(false);
        }

        await digests.MarkPostedAsync(record, digest, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendToOrganisersAsync(Texts t, ScheduledSlot slot, MeetingChannelProblem problem, IReadOnlyList<Newtonsoft.Json.Linq.JObject> cards, CancellationToken cancellationToken)
    {
        LogNoChannel(slot.Id, problem);
        var committee = await committees.GetAsync(cancellationToken).ConfigureAwait(false);
        var why = t[DigestActions.PrivateReason(problem)];
        foreach (var organiser in committee.Organisers)
        {
            var aad = await conversations.AadObjectIdOfAsync(organiser, cancellationToken).ConfigureAwait(false);
            var reached = aad is not null;
            for (var i = 0; reached && i < cards.Count; i++)
            {
                var result = await messenger.SendAsync(new ProactiveMessage($"digest/{slot.Id}/{aad}/{i}", aad!, i == 0 ? why : null, CardLanguage.Stamp(cards[i], t.Culture)), cancellationToken).ConfigureAwait(false);
                reached = Queued(result) != ProactiveResult.NoConversation;
            }

            if (!reached)
            {
                // Named in the next digest, as for escalations: organisers learn who missed it.
                await unreachable.RecordAsync(new Unreachable(organiser.Name, nameof(ProactiveResult.NoConversation), clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Anything but queued (or queued before) is a failure the scheduler retries; "no conversation" is the organiser's, told in the next digest.</summary>
    private static ProactiveResult Queued(ProactiveResult result) => result == ProactiveResult.NotQueued
        ? throw new InvalidOperationException("The outbox did not accept the digest; the slot will run again.")
        : result;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled digest {SlotId}: no channel ({Problem}), sent to the organisers only")]
    private partial void LogNoChannel(string slotId, MeetingChannelProblem problem);
}
