using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CooperationBot.Storage;

/// <summary>
/// The embedded default: the documents live in one SQLite database (<c>store.db</c>) in a local folder.
/// A conditional write is one UPDATE on key and ETag, so it is atomic across threads and processes
/// and a crash never leaves half a document. It replaced one JSON file per document because
/// replacing a file by rename makes ext4 flush it: 0.4–0.9 ms a save, against about 0.1 ms here.
/// </summary>
public sealed class LocalFolderStore : IDocumentStore, IDisposable
{
    private const string FileName = "store.db";

    // Enough open connections for a busy instance; beyond them a connection is closed after use. Each
    // keeps a small page cache of its own: the operating system caches the file for all of them.
    private const int MaxIdleSessions = 32;

    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    private readonly string root;
    private readonly string connectionString;
    private readonly ConcurrentBag<Session> idle = [];

    // Writers of this process take turns here rather than in SQLite, whose busy handler sleeps.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WritersByFile = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim writing;
    private readonly Timer checkpoints;
    private readonly Lock checkpointing = new();
    private bool disposed;

    public LocalFolderStore(string root)
    {
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(this.root);
        writing = WritersByFile.GetOrAdd(Path.Combine(this.root, FileName), _ => new SemaphoreSlim(1, 1));
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(this.root, FileName),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();

        using (var setUp = new SqliteConnection(connectionString))
        {
            setUp.Open();
            using var command = setUp.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS documents (key TEXT NOT NULL PRIMARY KEY, body BLOB NOT NULL, etag TEXT NOT NULL) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
        }

        // SQLite would copy the log into the database (and flush it) inside whichever save crosses 1,000
        // pages, making that user wait; here a timer does it beside the saves instead.
        // The timer holds the store weakly: a store nobody disposed (tests make many) is still collected.
        var self = new WeakReference<LocalFolderStore>(this);
        checkpoints = new Timer(static state => CheckpointIfAlive((WeakReference<LocalFolderStore>)state!), self, CheckpointEvery, CheckpointEvery);

        var session = Rent();
        try
        {
            LegacyFiles.ImportOnce(this.root, session);
        }
        finally
        {
            Return(session);
        }
    }

    public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var session = Rent();
        try
        {
            var found = session.Read(StoreKeys.Validate(key));
            return Task.FromResult(found is var (body, etag) ? new Stored<T>(DocumentJson.Deserialize<T>(body), etag) : null);
        }
        finally
        {
            Return(session);
        }
    }

    public Task<string?> ReadETagAsync(string key, CancellationToken cancellationToken)
    {
        var session = Rent();
        try
        {
            return Task.FromResult(session.ReadETag(StoreKeys.Validate(key)));
        }
        finally
        {
            Return(session);
        }
    }

    public async Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        StoreKeys.Validate(key);
        var body = DocumentJson.Serialize(value);
        var etag = NewETag();
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        var session = Rent();
        try
        {
            var written = ifMatch is null ? session.Insert(key, body, etag) : session.Update(key, body, etag, ifMatch);
            return written ? etag : throw new ConcurrencyConflictException(key);
        }
        finally
        {
            Return(session);
            writing.Release();
        }
    }

    public async Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        var session = Rent();
        try
        {
            if (!session.Delete(key, ifMatch) && ifMatch is not null && session.Read(key) is not null)
            {
                throw new ConcurrencyConflictException(key);
            }
        }
        finally
        {
            Return(session);
            writing.Release();
        }
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        var session = Rent();
        try
        {
            return Task.FromResult(session.List(prefix));
        }
        finally
        {
            Return(session);
        }
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(root, FileName)))
        {
            throw new FileNotFoundException($"The store '{Path.Combine(root, FileName)}' is missing.");
        }

        var session = Rent();
        try
        {
            session.Execute("SELECT 1 FROM documents LIMIT 1");
        }
        finally
        {
            Return(session);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        checkpoints.Dispose();
        lock (checkpointing)
        {
            disposed = true;
        }

        while (idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private static void CheckpointIfAlive(WeakReference<LocalFolderStore> store)
    {
        if (store.TryGetTarget(out var alive))
        {
            alive.Checkpoint();
        }
    }

    private void Checkpoint()
    {
        lock (checkpointing)
        {
            if (disposed)
            {
                return;
            }

            try
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or briefly unavailable: the next tick copies what this one could not.
            }
        }
    }

    private static string NewETag() => $"\"{Guid.NewGuid():N}\"";

    private Session Rent() => idle.TryTake(out var session) ? session : new Session(connectionString);

    private void Return(Session session)
    {
        if (disposed || idle.Count >= MaxIdleSessions)
        {
            session.Dispose();
        }
        else
        {
            idle.Add(session);
        }
    }

    /// <summary>One open connection with its statements prepared once: a pooled connection would prepare them again on every call.</summary>
    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteCommand read;
        private readonly SqliteCommand readETag;
        private readonly SqliteCommand insert;
        private readonly SqliteCommand update;
        private readonly SqliteCommand delete;
        private readonly SqliteCommand deleteIfMatch;
        private readonly SqliteCommand list;

        public Session(string connectionString)
        {
            connection = new SqliteConnection(connectionString);
            connection.Open();

            // NORMAL in WAL mode: a commit survives the process dying; only a power cut may lose the last commits, never consistency.
            Execute("PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA cache_size=-256; PRAGMA wal_autocheckpoint=0;");
            read = Command("SELECT body, etag FROM documents WHERE key = $key", "$key");
            readETag = Command("SELECT etag FROM documents WHERE key = $key", "$key");
            insert = Command("INSERT INTO documents (key, body, etag) VALUES ($key, $body, $etag) ON CONFLICT (key) DO NOTHING", "$key", "$body", "$etag");
            update = Command("UPDATE documents SET body = $body, etag = $etag WHERE key = $key AND etag = $ifMatch", "$key", "$body", "$etag", "$ifMatch");
            delete = Command("DELETE FROM documents WHERE key = $key", "$key");
            deleteIfMatch = Command("DELETE FROM documents WHERE key = $key AND etag = $ifMatch", "$key", "$ifMatch");
            list = Command("SELECT key FROM documents WHERE key >= $from AND key < $to ORDER BY key", "$from", "$to");
        }

        public (byte[] Body, string ETag)? Read(string key)
        {
            read.Parameters[0].Value = key;
            using var reader = read.ExecuteReader();
            return reader.Read() ? ((byte[])reader.GetValue(0), reader.GetString(1)) : null;
        }

        public string? ReadETag(string key)
        {
            readETag.Parameters[0].Value = key;
            return readETag.ExecuteScalar() as string;
        }

        public bool Insert(string key, byte[] body, string etag)
        {
            insert.Parameters[0].Value = key;
            insert.Parameters[1].Value = body;
            insert.Parameters[2].Value = etag;
            return insert.ExecuteNonQuery() == 1;
        }

        public bool Update(string key, byte[] body, string etag, string ifMatch)
        {
            update.Parameters[0].Value = key;
            update.Parameters[1].Value = body;
            update.Parameters[2].Value = etag;
            update.Parameters[3].Value = ifMatch;
            return update.ExecuteNonQuery() == 1;
        }

        public bool Delete(string key, string? ifMatch)
        {
            if (ifMatch is null)
            {
                delete.Parameters[0].Value = key;
                return delete.ExecuteNonQuery() == 1;
            }

            deleteIfMatch.Parameters[0].Value = key;
            deleteIfMatch.Parameters[1].Value = ifMatch;
            return deleteIfMatch.ExecuteNonQuery() == 1;
        }

        /// <summary>Keys are ASCII, so every key starting with the prefix sorts below the prefix followed by the highest code point.</summary>
        public IReadOnlyList<string> List(string prefix)
        {
            list.Parameters[0].Value = prefix;
            list.Parameters[1].Value = prefix + char.ConvertFromUtf32(0x10FFFF);
            var keys = new List<string>();
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            return keys;
        }

        public void Insert(string key, byte[] body) => Insert(key, body, NewETag());

        public void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in new[] { read, readETag, insert, update, delete, deleteIfMatch, list })
            {
                command.Dispose();
            }

            connection.Dispose();
        }

        private SqliteCommand Command(string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }
    }

    /// <summary>
    /// Folders written before the store moved into SQLite hold one JSON file per document: the first
    /// start on such a folder copies them in, once, and leaves the files where they are.
    /// </summary>
    private static class LegacyFiles
    {
        public static void ImportOnce(string root, Session session)
        {
            if (session.List(string.Empty).Count > 0)
            {
                return;
            }

            var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).ToList();
            if (files.Count == 0)
            {
                return;
            }

            session.Execute("BEGIN");
            foreach (var file in files)
            {
                var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')[..^".json".Length];
                try
                {
                    session.Insert(StoreKeys.Validate(key), File.ReadAllBytes(file));
                }
                catch (ArgumentException)
                {
                    // Not a document (a stray file under the folder): left alone.
                }
            }

            session.Execute("COMMIT");
        }
    }
}
