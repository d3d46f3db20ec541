using CooperationBot.Committees;
using CooperationBot.Storage;

namespace CooperationBot.Reach;

/// <summary>
/// How far the bot got in reaching one person through the directory, so that a later run repeats
/// nothing that already succeeded (the person's object id, the app installation) and organisers see
/// the latest reason when it failed.
/// </summary>
public sealed record ReachRecord(string Person, string? AadObjectId, string? InstallationId, ReachFailure? Failure, string? Detail, DateTimeOffset At);

public sealed class ReachRecords(IDocumentStore store, DocumentKeys keys)
{
    /// <summary>One key per person: their object id when the committee gives it, else their UPN or e-mail address.</summary>
    public static string KeyOf(Person person) => (person.AadObjectId ?? person.Upn ?? person.Name).ToLowerInvariant();

    public async Task<ReachRecord?> GetAsync(Person person, CancellationToken cancellationToken) =>
        (await store.ReadAsync<ReachRecord>(keys.ReachOf(KeyOf(person)), cancellationToken).ConfigureAwait(false))?.Value;

    public Task SaveAsync(ReachRecord record, CancellationToken cancellationToken) =>
        store.UpdateAsync<ReachRecord, bool>(keys.ReachOf(record.Person), existing => existing == record ? new(null, false) : new(record, true), cancellationToken);
}
