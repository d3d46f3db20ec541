using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Scheduling;
using CooperationBot.Teams.Proactive;
using CooperationBot.Teams.Scheduling;
using CooperationBot.Tests.Infrastructure;
using CooperationBot.Tests.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Scheduling;

/// <summary>The scheduled digest through the outbox: recorded, queued, marked; a failure in between is retried, never orphaned.</summary>
public sealed class DigestJobTests : IAsyncLifetime
{
    private const string TeamId = "19:team@thread.tacv2";
    private static readonly ScheduledSlot Slot = new("digest-202006150100", SlotKind.Digest, new DateTimeOffset(2020, 6, 15, 1, 0, 0, TimeSpan.Zero));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 15, 1, 0, 30, TimeSpan.Zero));
    private FakeBotConnector connector = null!;
    private OutboxHarness bot = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeBotConnector.StartAsync();
        bot = await OutboxHarness.StartAsync(new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("digest-job-").FullName }, connector, clock);
        await bot.Channels.RecordTeamAsync(TeamId, "院地合作委员会", connector.ServiceUrl.ToString(), "tenant-1", [], CancellationToken.None);
        await bot.Channels.BindAsync(TeamId, TeamId, "马越红", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task A_failure_between_recording_and_queueing_leaves_the_record_and_the_rerun_posts_that_digest_once()
    {
        var digests = bot.Get<DigestService>();
        var failing = new FailingOnce(bot.Messenger);

        await Assert.ThrowsAsync<IOException>(() => Job(failing).RunAsync(Slot, CancellationToken.None));
        var slotDigest = await bot.Get<CooperationBot.Storage.IDocumentStore>().ReadAsync<DigestSlot>(bot.Get<CooperationBot.Storage.DocumentKeys>().DigestOfSlot(Slot.Id), CancellationToken.None);
        var recorded = await digests.GetRecordAsync(slotDigest!.Value.DigestId, CancellationToken.None);
        Assert.Equal(DigestState.Recorded, recorded!.State);
        Assert.Null((await digests.PrepareAsync(CancellationToken.None)).Changes.Since);

        // The scheduler runs the slot again; then once more, as a second instance taking over would.
        await Job(failing).RunAsync(Slot, CancellationToken.None);
        await Job(bot.Messenger).RunAsync(Slot, CancellationToken.None);
        await bot.DispatchUntilAsync(() => Task.FromResult(connector.Calls.Count >= 1), TimeSpan.FromSeconds(20));
        await bot.Dispatcher.RunOnceAsync(CancellationToken.None);

        var post = Assert.Single(connector.Calls);
        Assert.StartsWith(TeamId, post.ConversationId, StringComparison.Ordinal);
        Assert.Contains(recorded.Id, post.Activity!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(DigestState.Posted, (await digests.GetRecordAsync(recorded.Id, CancellationToken.None))!.State);
        Assert.NotNull((await digests.PrepareAsync(CancellationToken.None)).Changes.Since);
    }

    private DigestJob Job(IProactiveMessenger messenger) => new(
        bot.Get<DigestService>(),
        bot.Channels,
        messenger,
        bot.Get<ConversationReferences>(),
        bot.Unreachable,
        bot.Get<ICommitteeSource>(),
        bot.Get<CooperationBot.Reach.IReachDirectory>(),
        clock,
        NullLogger<DigestJob>.Instance);

    /// <summary>The outbox, unreachable for the first post only (storage blipped right after the digest was recorded).</summary>
    private sealed class FailingOnce(IProactiveMessenger inner) : IProactiveMessenger
    {
        private int calls;

        public Task<ProactiveResult> SendAsync(ProactiveMessage message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

        public Task<ProactiveResult> PostToChannelAsync(ChannelPost post, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref calls) == 1 ? throw new IOException("The storage account did not answer.") : inner.PostToChannelAsync(post, cancellationToken);
    }
}
