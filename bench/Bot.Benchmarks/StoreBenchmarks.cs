using BenchmarkDotNet.Attributes;
using CooperationBot.Storage;

namespace CooperationBot.Benchmarks;

/// <summary>The embedded store's three operations a save uses, on a report-sized document.</summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const string Key = "committees/bench/cycles/2019-2020/reports/u00001";
    private readonly Dictionary<string, object> document = new()
    {
        ["unitId"] = "u00001",
        ["achievements"] = Enumerable.Range(1, 10).Select(i => $"第{i}项成果：与地方企业共建联合实验室，转化专利{i}项").ToList(),
        ["priorities"] = Enumerable.Range(1, 10).Select(i => $"第{i}项重点：推进示范工程建设").ToList(),
    };

    private string folder = string.Empty;
    private LocalFolderStore store = null!;
    private string etag = string.Empty;
    private int created;

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("bench-store-").FullName;
        store = new LocalFolderStore(folder);
        etag = store.WriteAsync(Key, document, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark]
    public async Task<object?> ReadAsync() => await store.ReadAsync<Dictionary<string, object>>(Key, CancellationToken.None);

    [Benchmark]
    public async Task ConditionalWriteAsync()
    {
        etag = await store.WriteAsync(Key, document, etag, CancellationToken.None);
    }

    [Benchmark]
    public async Task CreateOnlyWriteAsync()
    {
        await store.WriteAsync($"{Key}/revisions/{Interlocked.Increment(ref created)}", document, null, CancellationToken.None);
    }
}
