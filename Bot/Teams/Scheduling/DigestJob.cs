using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Localization;
using CooperationBot.Scheduling;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Proactive;

namespace CooperationBot.Teams.Scheduling;

/// <summary>The scheduled digest: posted in the meeting channel through the outbox, keyed by its slot.</summary>
internal sealed partial class DigestJob(DigestService digests, ChannelDirectory channels, IProactiveMessenger messenger, CooperationBot.Reach.IReachDirectory directory, ILogger<DigestJob> logger) : IScheduledJob
{
    public SlotKind Kind => SlotKind.Digest;

    public async Task RunAsync(ScheduledSlot slot, CancellationToken cancellationToken)
    {
        var target = await channels.ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (target.Team is null || target.Channel is null)
        {
            LogNoChannel(slot.Id);
            return;
        }

        var digest = await digests.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var cards = DigestCards.Build(new Texts(digest.Committee.DefaultLanguage), digest, slot.Id, directory.Enabled);
        for (var i = 0; i < cards.Count; i++)
        {
            await messenger.PostToChannelAsync(new ChannelPost($"digest/{slot.Id}/{i}", target.Channel.Id, target.Team.ServiceUrl, target.Team.TenantId, cards[i]), cancellationToken).ConfigureAwait(false);
        }

        await digests.RecordPostedAsync(digest, slot.Id, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled digest {SlotId} skipped: the bot is in no team yet")]
    private partial void LogNoChannel(string slotId);
}
