using System.Diagnostics;
using System.Globalization;
using CooperationBot.Storage;

/// <summary>
/// The embedded store listing the outbox queue (a few hundred messages) beside many other documents
/// (ledger entries, reports, conversations), against listing the whole tree as it did for any prefix.
/// </summary>
internal static class ListingBench
{
    public static async Task<int> RunAsync(int documents)
    {
        var store = new LocalFolderStore(Directory.CreateTempSubdirectory("listing-bench-").FullName);
        var keys = new DocumentKeys("bench");
        var body = new { Text = new string('x', 200) };
        await Parallel.ForEachAsync(Enumerable.Range(0, documents), async (i, ct) =>
            await store.WriteAsync(i % 2 == 0 ? keys.OutboxLedger($"m{i}") : keys.ConversationOfUser($"user-{i}"), body, null, ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), async (i, ct) =>
            await store.WriteAsync($"{keys.OutboxQueuePrefix}{i:D19}-q", body, null, ct));

        var queue = await TimeAsync(() => store.ListKeysAsync(keys.OutboxQueuePrefix, CancellationToken.None));
        var tree = await TimeAsync(() => store.ListKeysAsync(string.Empty, CancellationToken.None));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"listing the outbox queue (300 messages) beside {documents} other documents: {queue.Median:F2} ms (the whole tree, as any prefix used to walk: {tree.Median:F2} ms, {tree.Median / queue.Median:F0}x); median of 20"));
        return 0;
    }

    private static async Task<(double Median, int Count)> TimeAsync(Func<Task<IReadOnlyList<string>>> list)
    {
        var count = (await list()).Count;
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await list();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (times.Order().ElementAt(times.Count / 2), count);
    }
}
