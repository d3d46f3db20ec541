using System.Security.Cryptography;

namespace CooperationBot.Storage;

/// <summary>
/// The embedded default: one JSON file per document under a local folder. The ETag is the content
/// hash; a lock file per document makes read-compare-write atomic across threads and processes.
/// </summary>
public sealed class LocalFolderStore : IDocumentStore
{
    private readonly string root;

    public LocalFolderStore(string root)
    {
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(this.root);
    }

    public async Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await ReadBytesAsync(PathOf(key), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new Stored<T>(DocumentJson.Deserialize<T>(bytes), ETagOf(bytes));
    }

    public async Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = DocumentJson.Serialize(value);
        using var fileLock = await AcquireLockAsync(path + ".lock", cancellationToken).ConfigureAwait(false);

        var current = await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var matches = ifMatch is null ? current is null : current is not null && ETagOf(current) == ifMatch;
        if (!matches)
        {
            throw new ConcurrencyConflictException(key);
        }

        // Write beside, then rename: a crash never leaves half a document.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return ETagOf(bytes);
    }

    public async Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return;
        }

        using var fileLock = await AcquireLockAsync(path + ".lock", cancellationToken).ConfigureAwait(false);
        var current = await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return;
        }

        if (ifMatch is not null && ETagOf(current) != ifMatch)
        {
            throw new ConcurrencyConflictException(key);
        }

        File.Delete(path);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        // Walk only the folder the prefix names (up to its last '/'), never the rest of the tree: the
        // outbox lists its queue on every poll, beside thousands of reports and ledger entries.
        var slash = prefix.LastIndexOf('/');
        var folder = slash <= 0 ? root : Path.Combine(root, StoreKeys.Validate(prefix[..slash]).Replace('/', Path.DirectorySeparatorChar));
        IReadOnlyList<string> keys = !Directory.Exists(folder) ? [] : Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')[..^".json".Length])
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(keys);
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The store folder '{root}' is missing.");
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        Path.Combine(root, StoreKeys.Validate(key).Replace('/', Path.DirectorySeparatorChar) + ".json");

    private static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..32] + "\"";

    private static async Task<byte[]?> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        // Most documents a large digest asks for do not exist (units that have not started): a stat is
        // far cheaper than the exception below, which stays for a file deleted in between.
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 500)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
