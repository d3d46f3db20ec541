namespace CooperationBot.Storage;

/// <summary>A JSON document together with the version it was read at.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>The document changed (or appeared) since it was read; re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string key)
    : Exception($"The document '{key}' was changed by someone else.")
{
    public string Key { get; } = key;
}

/// <summary>
/// Durable key/value storage of JSON documents with optimistic concurrency. Keys are '/'-separated
/// paths of lower-case ids. Both implementations pass the same contract tests.
/// </summary>
public interface IDocumentStore
{
    Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// Writes the document if it is still at <paramref name="ifMatch"/>; a null <paramref name="ifMatch"/>
    /// means "only if it does not exist yet". Returns the new ETag.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The stored version is not the expected one.</exception>
    Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class;

    Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// The document's current ETag without its content (null: there is none), to ask "has it changed?"
    /// of a large document without reading it. Stores that cannot do better read the document.
    /// </summary>
    async Task<string?> ReadETagAsync(string key, CancellationToken cancellationToken) =>
        (await ReadAsync<System.Text.Json.Nodes.JsonNode>(key, cancellationToken).ConfigureAwait(false))?.ETag;

    /// <summary>
    /// Reads many documents (a digest reads every unit's); the result has one entry per key, in order,
    /// null where there is no document. By default, a bounded number of single reads at a time.
    /// </summary>
    Task<T?[]> ReadManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken)
        where T : class =>
        DocumentStoreExtensions.ReadEachAsync<T>(this, keys, cancellationToken);

    /// <summary>Removes the document if it exists (and, when <paramref name="ifMatch"/> is given, is still at that version).</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version is not the expected one.</exception>
    Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by /healthz.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>What an update decided: the new document to write (or null to write nothing) and what to report.</summary>
public readonly record struct UpdateDecision<T, TResult>(T? NewValue, TResult Result)
    where T : class;

public static class DocumentStoreExtensions
{
    private const int MaxAttempts = 25;

    /// <summary>Reads at most this many documents at once: enough to hide latency, few enough not to flood the store or the thread pool.</summary>
    private const int ReadParallelism = 32;

    /// <summary>Reads many documents by single reads, a bounded number at a time.</summary>
    internal static async Task<T?[]> ReadEachAsync<T>(IDocumentStore store, IReadOnlyList<string> keys, CancellationToken cancellationToken)
        where T : class
    {
        var values = new T?[keys.Count];
        await Parallel.ForAsync(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            values[i] = (await store.ReadAsync<T>(keys[i], ct).ConfigureAwait(false))?.Value).ConfigureAwait(false);
        return values;
    }

    /// <summary>
    /// Reads, decides, writes; when another writer got there first, re-reads and decides again on the
    /// latest version, so a concurrent change is never silently overwritten. The decision function
    /// must be pure: it may run several times.
    /// </summary>
    public static async Task<TResult> UpdateAsync<T, TResult>(
        this IDocumentStore store,
        string key,
        Func<T?, UpdateDecision<T, TResult>> decide,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync<T>(key, cancellationToken).ConfigureAwait(false);
            var decision = decide(current?.Value);
            if (decision.NewValue is null)
            {
                return decision.Result;
            }

            try
            {
                await store.WriteAsync(key, decision.NewValue, current?.ETag, cancellationToken).ConfigureAwait(false);
                return decision.Result;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote in between: decide again on their version, after a short random
                // pause so that writers racing for the same document do not collide again in step.
                await Task.Delay(Random.Shared.Next(5, 20 + (10 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
