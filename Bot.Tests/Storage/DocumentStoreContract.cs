using Azure.Storage.Blobs;
using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Storage;

public sealed record Counter(int Value, string? Note = null);

/// <summary>The behaviour every store must have; run against the embedded store and against Azurite.</summary>
public abstract class DocumentStoreContract
{
    protected abstract Task<IDocumentStore> StoreAsync();

    [Fact]
    public async Task Reading_a_missing_document_gives_nothing()
    {
        var store = await StoreAsync();

        Assert.Null(await store.ReadAsync<Counter>("nothing/here", CancellationToken.None));
    }

    [Fact]
    public async Task A_created_document_reads_back_with_an_etag()
    {
        var store = await StoreAsync();

        var etag = await store.WriteAsync("a/b", new Counter(1, "大连化物所"), null, CancellationToken.None);
        var read = await store.ReadAsync<Counter>("a/b", CancellationToken.None);

        Assert.Equal(new Counter(1, "大连化物所"), read!.Value);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task Creating_a_document_that_exists_is_a_conflict_and_keeps_the_first()
    {
        var store = await StoreAsync();
        await store.WriteAsync("doc", new Counter(1), null, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("doc", new Counter(2), null, CancellationToken.None));
        Assert.Equal(1, (await store.ReadAsync<Counter>("doc", CancellationToken.None))!.Value.Value);
    }

    [Fact]
    public async Task Writing_on_a_stale_version_is_a_conflict_and_loses_nothing()
    {
        var store = await StoreAsync();
        var first = await store.WriteAsync("doc", new Counter(1), null, CancellationToken.None);
        var second = await store.WriteAsync("doc", new Counter(2), first, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("doc", new Counter(3), first, CancellationToken.None));
        var read = await store.ReadAsync<Counter>("doc", CancellationToken.None);
        Assert.Equal(2, read!.Value.Value);
        Assert.Equal(second, read.ETag);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Concurrent_updates_are_all_kept()
    {
        var store = await StoreAsync();
        const int writers = 12;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() =>
            store.UpdateAsync<Counter, bool>("counter", c => new(new Counter((c?.Value ?? 0) + 1), true), CancellationToken.None))));

        Assert.Equal(writers, (await store.ReadAsync<Counter>("counter", CancellationToken.None))!.Value.Value);
    }

    [Fact]
    public async Task Listing_by_prefix_finds_exactly_the_documents_under_it()
    {
        var store = await StoreAsync();
        foreach (var key in new[] { "c/1/reports/dicp", "c/1/reports/imr", "c/1/state", "c/2/reports/dicp" })
        {
            await store.WriteAsync(key, new Counter(0), null, CancellationToken.None);
        }

        Assert.Equal(["c/1/reports/dicp", "c/1/reports/imr"], (await store.ListKeysAsync("c/1/reports/", CancellationToken.None)).Order());
        Assert.Equal(["c/1/reports/imr"], await store.ListKeysAsync("c/1/reports/i", CancellationToken.None));
        Assert.Equal(["c/1/reports/dicp", "c/1/reports/imr", "c/1/state"], (await store.ListKeysAsync("c/1/", CancellationToken.None)).Order());
        Assert.Empty(await store.ListKeysAsync("c/3/", CancellationToken.None));
    }

    [Fact]
    public async Task Listing_matches_a_partial_last_segment_and_nested_documents_in_key_order()
    {
        var store = await StoreAsync();
        foreach (var key in new[] { "q/2/queue/0002-b", "q/2/queue/0001-a", "q/2/queue-other/x", "q/2/queue/deep/0003", "q/2/quit" })
        {
            await store.WriteAsync(key, new Counter(0), null, CancellationToken.None);
        }

        Assert.Equal(["q/2/queue/0001-a", "q/2/queue/0002-b", "q/2/queue/deep/0003"], await store.ListKeysAsync("q/2/queue/", CancellationToken.None));
        Assert.Equal(["q/2/queue-other/x", "q/2/queue/0001-a", "q/2/queue/0002-b", "q/2/queue/deep/0003"], await store.ListKeysAsync("q/2/queue", CancellationToken.None));
        Assert.Empty(await store.ListKeysAsync("q/3/queue/", CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("a//b")]
    [InlineData("/rooted")]
    public async Task Keys_that_could_escape_or_collide_are_refused(string key)
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, new Counter(0), null, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_document_is_gone_and_a_stale_delete_is_a_conflict()
    {
        var store = await StoreAsync();
        var first = await store.WriteAsync("gone", new Counter(1), null, CancellationToken.None);
        await store.WriteAsync("gone", new Counter(2), first, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.DeleteAsync("gone", first, CancellationToken.None));
        await store.DeleteAsync("gone", null, CancellationToken.None);
        await store.DeleteAsync("never-there", null, CancellationToken.None);

        Assert.Null(await store.ReadAsync<Counter>("gone", CancellationToken.None));
    }

    [Fact]
    public async Task The_etag_alone_says_whether_a_document_changed_and_that_a_missing_one_is_missing()
    {
        var store = await StoreAsync();
        var first = await store.WriteAsync("big/committee", new Counter(1), null, CancellationToken.None);

        Assert.Equal(first, await store.ReadETagAsync("big/committee", CancellationToken.None));
        var second = await store.WriteAsync("big/committee", new Counter(2), first, CancellationToken.None);
        Assert.Equal(second, await store.ReadETagAsync("big/committee", CancellationToken.None));
        Assert.Null(await store.ReadETagAsync("big/nothing", CancellationToken.None));
    }

    [Fact]
    public async Task A_reachable_store_is_healthy()
    {
        var store = await StoreAsync();

        await store.CheckHealthAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Two_contacts_submitting_from_the_same_version_keep_one_submission_and_the_other_is_told()
    {
        var store = await StoreAsync();
        var committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
        var reports = new ReportService(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), new FakeTimeProvider(), NullLogger<ReportService>.Instance);
        SaveReport Submit(string aad, string name, string text) =>
            new(new UserIdentity(aad, name), "dicp", committee.CycleId, new ReportForm(text, "重点", string.Empty), 0, Guid.NewGuid().ToString(), true);

        var outcomes = await Task.WhenAll(
            Task.Run(() => reports.SaveAsync(Submit("aad-dicp-1", "张联络", "张的成果"), CancellationToken.None)),
            Task.Run(() => reports.SaveAsync(Submit("aad-dicp-2", "李联络", "李的成果"), CancellationToken.None)));

        var saved = Assert.Single(outcomes.OfType<ReportOutcome.Saved>());
        var conflict = Assert.Single(outcomes.OfType<ReportOutcome.Conflict>());
        Assert.True(saved.Report.Latest!.Content.SameAs(conflict.Current.Latest!.Content), "the one told sees the stored submission");
        var revisions = await reports.GetRevisionsAsync("dicp", CancellationToken.None);
        Assert.Equal(saved.Report.Latest.Content.Achievements, Assert.Single(revisions).Content.Achievements);
    }

    [Fact]
    public async Task Two_contacts_resubmitting_at_once_file_the_earlier_revision_once_and_keep_one_new_one()
    {
        var store = await StoreAsync();
        var committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
        var reports = new ReportService(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), new FakeTimeProvider(), NullLogger<ReportService>.Instance);
        SaveReport Submit(string aad, string name, string text, int baseVersion) =>
            new(new UserIdentity(aad, name), "dicp", committee.CycleId, new ReportForm(text, "重点", string.Empty), baseVersion, Guid.NewGuid().ToString(), true);
        await reports.SaveAsync(Submit("aad-dicp-1", "张联络", "第一版", 0), CancellationToken.None);

        // Both replace revision 1, so both file it as its own document before writing the report.
        var outcomes = await Task.WhenAll(
            Task.Run(() => reports.SaveAsync(Submit("aad-dicp-1", "张联络", "张的第二版", 1), CancellationToken.None)),
            Task.Run(() => reports.SaveAsync(Submit("aad-dicp-2", "李联络", "李的第二版", 1), CancellationToken.None)));

        var saved = Assert.Single(outcomes.OfType<ReportOutcome.Saved>());
        Assert.Single(outcomes.OfType<ReportOutcome.Conflict>());
        var revisions = await reports.GetRevisionsAsync("dicp", CancellationToken.None);
        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.Equal(["第一版"], revisions[0].Content.Achievements);
        Assert.Equal(saved.Report.Latest!.Content.Achievements, revisions[1].Content.Achievements);
    }
}

public sealed class LocalFolderStoreContractTests : DocumentStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("store-contract-").FullName;

    protected override Task<IDocumentStore> StoreAsync() => Task.FromResult<IDocumentStore>(new LocalFolderStore(folder));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_folder_of_documents_from_before_the_database_is_carried_over_on_first_start()
    {
        Directory.CreateDirectory(Path.Combine(folder, "committees", "cas-2020", "reports"));
        await File.WriteAllTextAsync(Path.Combine(folder, "committees", "cas-2020", "reports", "dicp.json"), "{\"value\":7,\"note\":\"大连化物所\"}");

        using var store = new LocalFolderStore(folder);
        await store.WriteAsync("committees/cas-2020/reports/dicp", new Counter(8), (await store.ReadAsync<Counter>("committees/cas-2020/reports/dicp", CancellationToken.None))!.ETag, CancellationToken.None);
        using var reopened = new LocalFolderStore(folder);

        Assert.Equal(new Counter(8), (await reopened.ReadAsync<Counter>("committees/cas-2020/reports/dicp", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task A_database_in_the_first_layout_keeps_its_documents_and_their_versions()
    {
        // The first SQLite layout (a WITHOUT ROWID table, body before ETag), as the stop before this one left it.
        using (var old = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE documents (key TEXT NOT NULL PRIMARY KEY, body BLOB NOT NULL, etag TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO documents (key, body, etag) VALUES ('committees/cas-2020/reports/dicp', CAST('{"value":7,"note":"大连化物所"}' AS BLOB), '"v7"');
                """;
            command.ExecuteNonQuery();
        }

        using var store = new LocalFolderStore(folder);
        var stored = await store.ReadAsync<Counter>("committees/cas-2020/reports/dicp", CancellationToken.None);
        await store.WriteAsync("committees/cas-2020/reports/dicp", new Counter(8), "\"v7\"", CancellationToken.None);
        using var reopened = new LocalFolderStore(folder);

        Assert.Equal(new Stored<Counter>(new Counter(7, "大连化物所"), "\"v7\""), stored);
        Assert.Equal(new Counter(8), (await reopened.ReadAsync<Counter>("committees/cas-2020/reports/dicp", CancellationToken.None))!.Value);
        Assert.DoesNotContain("WITHOUT ROWID", TableDefinition(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_stores_on_one_folder_see_each_others_writes_and_conflicts()
    {
        using var first = new LocalFolderStore(folder);
        using var second = new LocalFolderStore(folder);
        var etag = await first.WriteAsync("shared", new Counter(1), null, CancellationToken.None);

        await second.WriteAsync("shared", new Counter(2), etag, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => first.WriteAsync("shared", new Counter(3), etag, CancellationToken.None));
        Assert.Equal(2, (await first.ReadAsync<Counter>("shared", CancellationToken.None))!.Value.Value);
    }

    /// <summary>How the documents table is declared: in the first layout a lookup next to a large document read all of it.</summary>
    private string TableDefinition()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'documents'";
        return (string)command.ExecuteScalar()!;
    }
}

public sealed class BlobDocumentStoreContractTests : DocumentStoreContract
{
    private readonly string container = Azurite.UniqueName("contract");

    protected override async Task<IDocumentStore> StoreAsync()
    {
        var azurite = await Azurite.InstanceAsync();
        return new BlobDocumentStore(new BlobContainerClient(azurite.ConnectionString, container));
    }
}
