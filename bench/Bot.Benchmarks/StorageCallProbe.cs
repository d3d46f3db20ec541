using System.Collections.Concurrent;
using System.Text.Json;
using CooperationBot.Storage;

namespace CooperationBot.Benchmarks;

/// <summary>
/// Counts the storage calls of each kind of report card action through the real handler (a counting
/// store around the embedded one), for the benchmark table; the tests assert the same counts.
/// </summary>
public static class StorageCallProbe
{
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync()
    {
        CountingStore? counting = null;
        using var bot = new BotInProcess(50, inner => counting = new CountingStore(inner));
        await bot.ExecuteAsync(1, "report.open", BotInProcess.SaveData(1, 0, string.Empty));
        var counts = new Dictionary<string, int>();
        var version = 0;
        async Task MeasureAsync(string name, string verb)
        {
            counting!.Calls.Clear();
            var card = await bot.ExecuteAsync(1, verb, BotInProcess.SaveData(1, version, $"成果 {name}"));
            version = BotInProcess.BaseVersionOf(card);
            counts[name] = counting.Calls.Count;
        }

        await MeasureAsync("save draft (first)", "report.save");
        await MeasureAsync("save draft", "report.save");
        await MeasureAsync("submit (revision 1)", "report.submit");
        await MeasureAsync("submit (revision 2, files revision 1)", "report.submit");
        await MeasureAsync("edit", "report.edit");
        return counts;
    }

    public static void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(RunAsync().GetAwaiter().GetResult()));

    private sealed class CountingStore(IDocumentStore inner) : IDocumentStore
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
            where T : class
        {
            Calls.Enqueue(key);
            return inner.ReadAsync<T>(key, cancellationToken);
        }

        public Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
            where T : class
        {
            Calls.Enqueue(key);
            return inner.WriteAsync(key, value, ifMatch, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
        {
            Calls.Enqueue(prefix);
            return inner.ListKeysAsync(prefix, cancellationToken);
        }

        public Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
        {
            Calls.Enqueue(key);
            return inner.DeleteAsync(key, ifMatch, cancellationToken);
        }

        public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
    }
}
