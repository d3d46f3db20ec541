using System.Collections.Concurrent;
using CooperationBot.Storage;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>A store that passes every call on and records it ("read key", "write key", …), to count what a turn costs.</summary>
public sealed class CountingStore(IDocumentStore inner) : IDocumentStore
{
    private readonly ConcurrentQueue<string> calls = new();

    public IReadOnlyList<string> Calls => [.. calls];

    public void Reset() => calls.Clear();

    public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        calls.Enqueue($"read {key}");
        return inner.ReadAsync<T>(key, cancellationToken);
    }

    public Task<string?> ReadETagAsync(string key, CancellationToken cancellationToken)
    {
        calls.Enqueue($"etag {key}");
        return inner.ReadETagAsync(key, cancellationToken);
    }

    public Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        calls.Enqueue(ifMatch is null ? $"create {key}" : $"write {key}");
        return inner.WriteAsync(key, value, ifMatch, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        calls.Enqueue($"list {prefix}");
        return inner.ListKeysAsync(prefix, cancellationToken);
    }

    public Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        calls.Enqueue($"delete {key}");
        return inner.DeleteAsync(key, ifMatch, cancellationToken);
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
}
