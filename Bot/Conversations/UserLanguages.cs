using System.Collections.Concurrent;
using System.Globalization;
using CooperationBot.Storage;

namespace CooperationBot.Conversations;

/// <summary>The language a committee member is welcomed in, decided once and kept for later turns that carry no locale.</summary>
public sealed record UserLanguage(string Language, DateTimeOffset DecidedAt);

/// <summary>
/// Decides each member's language once. Teams announces an install with two events a few milliseconds apart,
/// handled in any order or at once: the create-only write makes exactly one of them (or the Graph greeting)
/// the one that welcomes, and every later turn reads the same answer.
/// </summary>
internal sealed class UserLanguages(IDocumentStore store, DocumentKeys keys, TimeProvider clock)
{
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, CultureInfo?> known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Stores <paramref name="language"/> unless a language is already decided; true when this call decided it.</summary>
    public async Task<bool> DecideOnceAsync(string aadObjectId, CultureInfo language, CancellationToken cancellationToken)
    {
        var decision = new UserLanguage(language.Name, clock.GetUtcNow());
        var (decided, stored) = await store.UpdateAsync<UserLanguage, (bool, UserLanguage)>(
            keys.LanguageOfUser(aadObjectId),
            existing => existing is null ? new(decision, (true, decision)) : new(null, (false, existing)),
            cancellationToken).ConfigureAwait(false);
        Remember(aadObjectId, Parse(stored.Language));
        return decided;
    }

    /// <summary>The language decided for this member, or null when none was (read once per process).</summary>
    public async Task<CultureInfo?> OfAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(aadObjectId, out var cached))
        {
            return cached;
        }

        var stored = await store.ReadAsync<UserLanguage>(keys.LanguageOfUser(aadObjectId), cancellationToken).ConfigureAwait(false);
        var language = stored is null ? null : Parse(stored.Value.Language);
        Remember(aadObjectId, language);
        return language;
    }

    private static CultureInfo? Parse(string name) => name is "zh-CN" or "en-US" ? CultureInfo.GetCultureInfo(name) : null;

    private void Remember(string aadObjectId, CultureInfo? language)
    {
        // Strangers' ids arrive too: the cache must not grow without bound.
        if (known.Count >= MaxCached)
        {
            known.Clear();
        }

        known[aadObjectId] = language;
    }
}
