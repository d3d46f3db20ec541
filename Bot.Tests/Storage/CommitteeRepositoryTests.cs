using Azure.Storage.Blobs;
using CooperationBot.Committees;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Storage;

/// <summary>The committee lives in the store; the file seeds it once. Run against both stores.</summary>
public abstract class CommitteeRepositoryContract
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero));

    private static Committee Seed { get; } = SampleCommittee.Load();

    protected abstract Task<IDocumentStore> StoreAsync();

    [Fact]
    public async Task First_start_seeds_the_store_from_the_file_and_later_starts_keep_what_organisers_changed()
    {
        var store = await StoreAsync();
        var first = Repository(store, Seed);
        Assert.Equal(Seed.Units.Select(u => u.Id), (await first.GetAsync(CancellationToken.None)).Units.Select(u => u.Id));

        await first.UpdateAsync(c => c with { SubmissionDeadline = new DateOnly(2020, 7, 15) }, CancellationToken.None);

        // A restart with the same (or an edited) file: the store is the truth now.
        var edited = Seed with { SubmissionDeadline = new DateOnly(2020, 1, 1), Units = Seed.Units.Take(2).ToList() };
        var restarted = Repository(store, edited);
        var after = await restarted.GetAsync(CancellationToken.None);
        Assert.Equal(new DateOnly(2020, 7, 15), after.SubmissionDeadline);
        Assert.Equal(9, after.Units.Count);
    }

    [Fact]
    public async Task Two_organisers_changing_different_parts_at_once_both_keep_their_change()
    {
        var store = await StoreAsync();
        var a = Repository(store, Seed);
        var b = Repository(store, Seed);
        await a.GetAsync(CancellationToken.None);
        await b.GetAsync(CancellationToken.None);

        await Task.WhenAll(
            Task.Run(() => a.UpdateAsync(c => c with { SubmissionDeadline = new DateOnly(2020, 8, 1) }, CancellationToken.None)),
            Task.Run(() => b.UpdateAsync(c => c with { Organisers = [.. c.Organisers, new Person("新组织者", "aad-new-organiser", null)] }, CancellationToken.None)));

        var stored = await Repository(store, Seed).GetAsync(CancellationToken.None);
        Assert.Equal(new DateOnly(2020, 8, 1), stored.SubmissionDeadline);
        Assert.Contains(stored.Organisers, o => o.AadObjectId == "aad-new-organiser");
    }

    [Fact]
    public async Task A_change_made_by_another_instance_is_seen_once_the_refresh_interval_has_passed()
    {
        var store = await StoreAsync();
        var here = Repository(store, Seed);
        var there = Repository(store, Seed);
        await here.GetAsync(CancellationToken.None);

        await there.UpdateAsync(c => c with { SubmissionDeadline = new DateOnly(2020, 9, 30) }, CancellationToken.None);
        Assert.Equal(Seed.SubmissionDeadline, (await here.GetAsync(CancellationToken.None)).SubmissionDeadline);

        clock.Advance(TimeSpan.FromSeconds(6));
        await here.GetAsync(CancellationToken.None);
        var deadline = DateOnly.MinValue;
        for (var i = 0; i < 100 && deadline != new DateOnly(2020, 9, 30); i++)
        {
            await Task.Delay(20);
            deadline = (await here.GetAsync(CancellationToken.None)).SubmissionDeadline;
        }

        Assert.Equal(new DateOnly(2020, 9, 30), deadline);
    }

    [Fact]
    public async Task An_unchanged_committee_is_checked_by_its_etag_alone_and_not_read_again()
    {
        var store = new CountingStore(await StoreAsync());
        var here = Repository(store, Seed);
        await here.GetAsync(CancellationToken.None);
        store.Reset();

        clock.Advance(TimeSpan.FromSeconds(6));
        await here.GetAsync(CancellationToken.None);
        for (var i = 0; i < 100 && store.Calls.Count == 0; i++)
        {
            await Task.Delay(20);
        }

        var committeeKey = new DocumentKeys(Seed.Id).Committee;
        Assert.Equal([$"etag {committeeKey}"], store.Calls);
    }

    [Fact]
    public async Task Demo_mode_adds_the_playground_user_without_storing_them()
    {
        var store = await StoreAsync();
        var demo = Repository(store, Seed, demoMode: true);
        Assert.Contains((await demo.GetAsync(CancellationToken.None)).Organisers, o => o.AadObjectId == DemoUser.AadObjectId);

        await demo.UpdateAsync(c => c with { SubmissionDeadline = new DateOnly(2020, 7, 1) }, CancellationToken.None);

        var real = await Repository(store, Seed).GetAsync(CancellationToken.None);
        Assert.DoesNotContain(real.Organisers, o => o.AadObjectId == DemoUser.AadObjectId);
        Assert.DoesNotContain(real.Units.SelectMany(u => u.Contacts), p => p.AadObjectId == DemoUser.AadObjectId);
    }

    [Fact]
    public async Task A_change_that_breaks_the_committee_rules_is_refused_and_nothing_is_stored()
    {
        var store = await StoreAsync();
        var repository = Repository(store, Seed);

        await Assert.ThrowsAsync<CommitteeConfigurationException>(() =>
            repository.UpdateAsync(c => c with { Organisers = [] }, CancellationToken.None));

        Assert.NotEmpty((await Repository(store, Seed).GetAsync(CancellationToken.None)).Organisers);
    }

    [Fact]
    public async Task A_change_made_on_someones_behalf_is_recorded_with_who_when_and_old_to_new_outside_the_committee_document()
    {
        var store = await StoreAsync();
        var repository = Repository(store, Seed);
        var keys = new DocumentKeys(Seed.Id);
        var importer = new UserIdentity("aad-importer", "导入者");
        var sizeAfterFirst = 0;
        for (var i = 1; i <= 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var deadline = new DateOnly(2020, 7, i);
            await repository.UpdateAsync(c => c with { SubmissionDeadline = deadline }, importer, "import committee.xlsx", CancellationToken.None);
            sizeAfterFirst = i == 1 ? await SizeAsync(store, keys.Committee) : sizeAfterFirst;
        }

        var page = await new CommitteeHistory(store, keys).PageAsync(null, 3, CancellationToken.None);
        Assert.Equal(3, page.Changes.Count);
        Assert.True(page.HasOlder);
        var newest = page.Changes[0];
        Assert.Equal(("导入者", "import committee.xlsx", new DateTimeOffset(2020, 6, 1, 0, 5, 0, TimeSpan.Zero)), (newest.ByName, newest.Part, newest.At));
        Assert.Equal([new FieldChange(null, CommitteeFields.Deadline, "2020-07-04", "2020-07-05")], newest.Changes);
        Assert.Equal(sizeAfterFirst, await SizeAsync(store, keys.Committee));
    }

    [Fact]
    public async Task When_an_older_save_returns_after_a_newer_one_this_instance_still_serves_the_newest_committee()
    {
        var store = new SlowFirstWrite(await StoreAsync(), new DocumentKeys(Seed.Id).Committee);
        var repository = Repository(store, Seed);
        var by = new UserIdentity("aad-organiser", "马越红");
        await repository.GetAsync(CancellationToken.None);

        // The first save is stored, then held up on its way back while a second save is stored and returns.
        var first = Task.Run(() => repository.UpdateAsync(c => c with { SubmissionDeadline = new DateOnly(2020, 7, 1) }, by, CommitteeParts.Dates, CancellationToken.None));
        await store.FirstWritten.Task;
        await repository.UpdateAsync(c => c with { Meeting = c.Meeting with { Chair = new LocalizedText("新主持人", "New chair") } }, by, CommitteeParts.Meeting, CancellationToken.None);
        store.Release.SetResult();
        await first;

        var served = await repository.GetStoredAsync(CancellationToken.None);
        Assert.Equal((new DateOnly(2020, 7, 1), "新主持人"), (served.SubmissionDeadline, served.Meeting.Chair.Zh));
    }

    /// <summary>Holds up the return of the first write to one key until released.</summary>
    private sealed class SlowFirstWrite(IDocumentStore inner, string key) : IDocumentStore
    {
        private int writes;

        public TaskCompletionSource FirstWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
            where T : class => inner.ReadAsync<T>(key, cancellationToken);

        public async Task<string> WriteAsync<T>(string key1, T value, string? ifMatch, CancellationToken cancellationToken)
            where T : class
        {
            var etag = await inner.WriteAsync(key1, value, ifMatch, cancellationToken);
            if (key1 == key && ifMatch is not null && Interlocked.Increment(ref writes) == 1)
            {
                FirstWritten.SetResult();
                await Release.Task;
            }

            return etag;
        }

        public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key1, string? ifMatch, CancellationToken cancellationToken) => inner.DeleteAsync(key1, ifMatch, cancellationToken);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_records_nothing()
    {
        var store = await StoreAsync();
        var repository = Repository(store, Seed);

        await repository.UpdateAsync(c => c with { Units = c.Units.ToList() }, new UserIdentity("aad-x", "某人"), "no-op", CancellationToken.None);

        Assert.Empty((await new CommitteeHistory(store, new DocumentKeys(Seed.Id)).PageAsync(null, 10, CancellationToken.None)).Changes);
    }

    private static async Task<int> SizeAsync(IDocumentStore store, string key) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes((await store.ReadAsync<System.Text.Json.Nodes.JsonObject>(key, CancellationToken.None))!.Value).Length;

    private CommitteeRepository Repository(IDocumentStore store, Committee seed, bool demoMode = false) => new(
        store,
        new CommitteeSeed(seed, demoMode),
        new DocumentKeys(seed.Id),
        clock,
        Options.Create(new CommitteeOptions()),
        NullLogger<CommitteeRepository>.Instance);
}

public sealed class CommitteeRepositoryOnLocalFolderTests : CommitteeRepositoryContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("committee-repo-").FullName;

    protected override Task<IDocumentStore> StoreAsync() => Task.FromResult<IDocumentStore>(new LocalFolderStore(folder));

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

public sealed class CommitteeRepositoryOnAzuriteTests : CommitteeRepositoryContract
{
    private readonly string container = Azurite.UniqueName("committee");

    protected override async Task<IDocumentStore> StoreAsync() =>
        new BlobDocumentStore(new BlobContainerClient((await Azurite.InstanceAsync()).ConnectionString, container));
}
