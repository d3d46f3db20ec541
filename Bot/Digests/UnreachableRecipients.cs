using CooperationBot.Storage;

namespace CooperationBot.Digests;

/// <summary>A person a proactive message could not reach, and why; shown to organisers in the next digest.</summary>
public sealed record Unreachable(string Name, string Reason, DateTimeOffset At);

public sealed record UnreachableDocument(IReadOnlyList<Unreachable> People);

/// <summary>Remembers who could not be reached, newest reason per person.</summary>
public sealed class UnreachableRecipients(IDocumentStore store, DocumentKeys keys)
{
    private string Key => keys.Unreachable;

    public Task RecordAsync(Unreachable person, CancellationToken cancellationToken) =>
        store.UpdateAsync<UnreachableDocument, bool>(Key, doc => new(
            new UnreachableDocument([.. (doc?.People ?? []).Where(p => p.Name != person.Name), person]), true), cancellationToken);

    public Task ClearAsync(string name, CancellationToken cancellationToken) =>
        store.UpdateAsync<UnreachableDocument, bool>(Key, doc => doc is null || doc.People.All(p => p.Name != name)
            ? new(null, false)
            : new(new UnreachableDocument(doc.People.Where(p => p.Name != name).ToList()), true), cancellationToken);

    public async Task<IReadOnlyList<Unreachable>> GetAsync(CancellationToken cancellationToken) =>
        (await store.ReadAsync<UnreachableDocument>(Key, cancellationToken).ConfigureAwait(false))?.Value.People ?? [];
}
