using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Digests;

/// <summary>A digest's record: written before the post, marked after; ids nobody can guess.</summary>
public sealed class DigestRecordTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("digest-record-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly Committee committee = SampleCommittee.Load();
    private readonly LocalFolderStore store;
    private readonly ReportService reports;
    private readonly DigestService digests;

    public DigestRecordTests()
    {
        store = new LocalFolderStore(folder);
        var source = new FixedCommittee(committee);
        reports = new ReportService(store, source, source.Keys, clock, NullLogger<ReportService>.Instance);
        var directives = new CooperationBot.Directives.DirectiveService(store, source, source.Keys, clock, NullLogger<CooperationBot.Directives.DirectiveService>.Instance);
        digests = new DigestService(reports, directives, store, new UnreachableRecipients(store, source.Keys), source, source.Keys, clock);
    }

    [Fact]
    public async Task A_digest_refreshes_from_the_moment_it_is_recorded_before_its_post_is_confirmed()
    {
        await SubmitAsync("dicp");
        var digest = await digests.PrepareAsync(CancellationToken.None);

        var record = await digests.RecordAsync(digest, DigestAudience.Channel, slotId: null, CancellationToken.None);
        var refreshed = await digests.RefreshAsync(record.Id, CancellationToken.None);

        Assert.NotNull(refreshed);
        Assert.Equal(1, refreshed.Digest.Submitted);
        Assert.Equal(DigestState.Recorded, refreshed.Record.State);
    }

    [Fact]
    public async Task A_crash_between_record_and_post_keeps_the_last_posted_baseline_and_the_record_refreshable()
    {
        var first = await PostAsync();
        clock.Advance(TimeSpan.FromDays(7));
        await SubmitAsync("dicp");

        // Recorded, then the process dies before posting: nothing marks it.
        var orphanCandidate = await digests.RecordAsync(await digests.PrepareAsync(CancellationToken.None), DigestAudience.Channel, null, CancellationToken.None);
        var next = await digests.PrepareAsync(CancellationToken.None);

        Assert.Equal(first.RecordedAt, next.Changes.Since);
        Assert.Equal(["dicp"], next.Changes.NewSubmissions.Select(u => u.Id));
        Assert.NotNull(await digests.RefreshAsync(orphanCandidate.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_post_is_marked_so_its_id_refreshes_to_nothing_and_the_next_digest_still_compares_with_the_last_posted()
    {
        var first = await PostAsync();
        clock.Advance(TimeSpan.FromDays(7));
        await SubmitAsync("dicp");
        var failed = await digests.RecordAsync(await digests.PrepareAsync(CancellationToken.None), DigestAudience.Channel, null, CancellationToken.None);

        await digests.MarkFailedAsync(failed, "HTTP 403", CancellationToken.None);

        Assert.Null(await digests.RefreshAsync(failed.Id, CancellationToken.None));
        Assert.Equal((DigestState.Failed, "HTTP 403"), ((await digests.GetRecordAsync(failed.Id, CancellationToken.None))!.State, (await digests.GetRecordAsync(failed.Id, CancellationToken.None))!.Failure));
        var next = await digests.PrepareAsync(CancellationToken.None);
        Assert.Equal(first.RecordedAt, next.Changes.Since);
        Assert.Equal(["dicp"], next.Changes.NewSubmissions.Select(u => u.Id));
    }

    [Fact]
    public async Task A_digest_shown_only_to_organisers_does_not_become_the_channels_baseline()
    {
        var channel = await PostAsync();
        clock.Advance(TimeSpan.FromDays(1));
        await SubmitAsync("dicp");
        var digest = await digests.PrepareAsync(CancellationToken.None);
        var private1 = await digests.RecordAsync(digest, DigestAudience.Organisers, null, CancellationToken.None);
        await digests.MarkPostedAsync(private1, digest, CancellationToken.None);

        var next = await digests.PrepareAsync(CancellationToken.None);

        Assert.Equal(channel.RecordedAt, next.Changes.Since);
        Assert.Equal(["dicp"], next.Changes.NewSubmissions.Select(u => u.Id));
    }

    [Fact]
    public async Task Digest_ids_cannot_be_guessed_and_nothing_but_a_digest_id_refreshes()
    {
        var posted = await PostAsync();
        var another = await digests.RecordAsync(await digests.PrepareAsync(CancellationToken.None), DigestAudience.Channel, "digest-202006150100", CancellationToken.None);

        Assert.Matches("^[0-9a-f]{32}$", posted.Id);
        Assert.NotEqual(posted.Id, another.Id);
        Assert.DoesNotContain("2020", another.Id, StringComparison.Ordinal);
        foreach (var guess in new[] { "latest", "digest-202006150100", "../latest", string.Empty, posted.Id.ToUpperInvariant(), posted.Id + "0" })
        {
            Assert.Null(await digests.RefreshAsync(guess, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_schedule_slot_records_one_digest_however_often_it_runs()
    {
        var digest = await digests.PrepareAsync(CancellationToken.None);

        var first = await digests.RecordAsync(digest, DigestAudience.Channel, "digest-202006150100", CancellationToken.None);
        var again = await digests.RecordAsync(digest, DigestAudience.Channel, "digest-202006150100", CancellationToken.None);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("digest-202006150100", again.SlotId);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<DigestRecord> PostAsync()
    {
        var digest = await digests.PrepareAsync(CancellationToken.None);
        var record = await digests.RecordAsync(digest, DigestAudience.Channel, null, CancellationToken.None);
        await digests.MarkPostedAsync(record, digest, CancellationToken.None);
        return record;
    }

    private async Task SubmitAsync(string unitId)
    {
        var contact = committee.FindUnit(unitId)!.Contacts[0];
        var user = new UserIdentity(contact.AadObjectId ?? "aad-" + unitId, contact.Name, contact.Upn);
        var outcome = await reports.SaveAsync(new SaveReport(user, unitId, committee.CycleId, new ReportForm("成果", "重点", string.Empty), 0, Guid.NewGuid().ToString(), Submit: true), CancellationToken.None);
        Assert.IsType<ReportOutcome.Saved>(outcome);
    }
}
