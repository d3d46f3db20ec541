using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CooperationBot.Storage;
using Microsoft.Extensions.Options;

namespace CooperationBot.Exports;

/// <summary>A download link and the moment it stops working.</summary>
public sealed record DownloadLink(Uri Url, DateTimeOffset ExpiresAt);

public enum LinkCheck
{
    Valid,

    /// <summary>Signed by us, for this export and file, but past its time.</summary>
    Expired,

    /// <summary>Not signed by us for this export and file: tampered, made up, or meant for another export.</summary>
    Refused,
}

/// <summary>
/// Short-lived links to a generated file: the export id, the file and the expiry time, signed with
/// HMAC-SHA256. A link for one export never opens another's files, and a changed expiry breaks the signature.
/// </summary>
public sealed class DownloadLinks(SigningKey key, IOptions<ExportOptions> options, TimeProvider clock)
{
    public const string PathPrefix = "/exports";

    public async Task<DownloadLink> IssueAsync(string exportId, ExportFileKind kind, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow().Add(options.Value.LinkLifetime);
        var seconds = expires.ToUnixTimeSeconds();
        var signature = Sign(await key.GetAsync(cancellationToken).ConfigureAwait(false), exportId, kind, seconds);
        var path = string.Create(CultureInfo.InvariantCulture, $"{PathPrefix}/{exportId}/{FileSegment(kind)}?expires={seconds}&sig={signature}");
        return new DownloadLink(new Uri(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), path.TrimStart('/')), DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    public async Task<LinkCheck> CheckAsync(string exportId, string file, string? expires, string? signature, CancellationToken cancellationToken)
    {
        if (ParseFile(file) is not { } kind || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || string.IsNullOrEmpty(signature))
        {
            return LinkCheck.Refused;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(await key.GetAsync(cancellationToken).ConfigureAwait(false), exportId, kind, seconds));
        var given = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return LinkCheck.Refused;
        }

        return clock.GetUtcNow().ToUnixTimeSeconds() < seconds ? LinkCheck.Valid : LinkCheck.Expired;
    }

    public static string FileSegment(ExportFileKind kind) => kind == ExportFileKind.Word ? "docx" : "xlsx";

    public static ExportFileKind? ParseFile(string file) => file switch
    {
        "docx" => ExportFileKind.Word,
        "xlsx" => ExportFileKind.Excel,
        _ => null,
    };

    private static string Sign(byte[] key, string exportId, ExportFileKind kind, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{exportId}\n{FileSegment(kind)}\n{expires}"));
        return Base64Url(HMACSHA256.HashData(key, message));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The HMAC key: from `Exports:SigningKey` when set, else generated once, kept in the store and shared
/// by every instance (so a link issued by one instance opens on another and survives restarts).
/// </summary>
public sealed class SigningKey(IDocumentStore store, DocumentKeys keys, IOptions<ExportOptions> options)
{
    private byte[]? key;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            return key;
        }

        if (ExportOptions.DecodeKey(options.Value.SigningKey) is { } configured)
        {
            return key = configured;
        }

        var stored = await store.ReadAsync<StoredKey>(keys.ExportSigningKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            try
            {
                await store.WriteAsync(keys.ExportSigningKey, new StoredKey(RandomNumberGenerator.GetBytes(32)), ifMatch: null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // Another instance made the key first: use theirs.
            }

            stored = await store.ReadAsync<StoredKey>(keys.ExportSigningKey, cancellationToken).ConfigureAwait(false);
        }

        return key = stored?.Value.Key ?? throw new InvalidOperationException("The export signing key could not be stored.");
    }

    private sealed record StoredKey(byte[] Key);
}
