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

    // Listing, reading many and health checks use these; beyond them a connection is closed after use.
    private const int MaxIdleSessions = 8;

    // The shared connection's page cache holds the documents being worked on (a report is a leaf and an
    // overflow page): at 256 KB, fifty reports in a large database no longer fitted and every read went to
    // the file, five times slower. The others list keys or read a digest's documents once each.
    private const int PrimaryCacheKilobytes = 8192;
    private const int CacheKilobytes = 256;

    // Documents one pooled connection reads in a row when many are asked for at once.
    private const int ReadManyBatch = 256;

    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    // Under saves that never pause, the log is copied into the database but never starts over: past this
    // many pages (64 MB) the checkpoint makes the saves wait for one short copy so that it can.
    private const int RestartLogAfterPages = 16_384;

    private readonly string root;
    private readonly string connectionString;
    private readonly ConcurrentBag<Session> idle = [];

    // Reads and writes of one document go through one connection per store, one at a time (each takes
    // tens of microseconds). A connection's page cache survives its own writes but is dropped whenever
    // another connection commits, so with a connection per concurrent request every read started cold:
    // under 50 concurrent saves a read cost four times what it costs alone. Stores of one file in one
    // process (tests) share the turn, so they never meet SQLite's busy handler, which sleeps.
    private static readonly ConcurrentDictionary<string, Lock> TurnsByFile = new(StringComparer.Ordinal);

    private readonly Lock turn;
    private readonly Session primary;
    private readonly Timer checkpoints;
    private readonly Lock checkpointing = new();
    private bool disposed;

    public LocalFolderStore(string root)
    {
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(this.root);
        turn = TurnsByFile.GetOrAdd(Path.Combine(this.root, FileName), _ => new Lock());
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
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS documents (key TEXT NOT NULL PRIMARY KEY, etag TEXT NOT NULL, body BLOB NOT NULL);
                COMMIT;
                """;
            command.ExecuteNonQuery();
            UnclusteredOnce(setUp);
        }

        // SQLite would copy the log into the database (and flush it) inside whichever save crosses 1,000
        // pages, making that user wait; here a timer does it beside the saves instead.
        // The timer holds the store weakly: a store nobody disposed (tests make many) is still collected.
        var self = new WeakReference<LocalFolderStore>(this);
        checkpoints = new Timer(static state => CheckpointIfAlive((WeakReference<LocalFolderStore>)state!), self, CheckpointEvery, CheckpointEvery);

        primary = new Session(connectionString, PrimaryCacheKilobytes);
        lock (turn)
        {
            LegacyFiles.ImportOnce(this.root, primary);
        }
    }

    public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        StoreKeys.Validate(key);
        (byte[] Body, string ETag)? found;
        lock (turn)
        {
            found = Primary().Read(key);
        }

        return Task.FromResult(found is var (body, etag) ? new Stored<T>(DocumentJson.Deserialize<T>(body), etag) : null);
    }

    public async Task<T?[]> ReadManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var key in keys)
        {
            StoreKeys.Validate(key);
        }

        // Beside the shared connection, on connections of their own: thousands of reads through it would
        // hold up every save meanwhile and push the documents being worked on out of its cache.
        var values = new T?[keys.Count];
        var batches = (keys.Count + ReadManyBatch - 1) / ReadManyBatch;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, (batch, token) =>
        {
            var session = Rent();
            try
            {
                for (var i = batch * ReadManyBatch; i < Math.Min(keys.Count, (batch + 1) * ReadManyBatch); i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (session.Read(keys[i]) is var (body, _))
                    {
                        values[i] = DocumentJson.Deserialize<T>(body);
                    }
                }
            }
            finally
            {
                Return(session);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return values;
    }

    public Task<string?> ReadETagAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        lock (turn)
        {
            return Task.FromResult(Primary().ReadETag(key));
        }
    }

    public Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        StoreKeys.Validate(key);
        var body = DocumentJson.Serialize(value);
        var etag = NewETag();
        bool written;
        lock (turn)
        {
            written = ifMatch is null ? Primary().Insert(key, body, etag) : Primary().Update(key, body, etag, ifMatch);
        }

        return written ? Task.FromResult(etag) : Task.FromException<string>(new ConcurrencyConflictException(key));
    }

    public Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        lock (turn)
        {
            if (!Primary().Delete(key, ifMatch) && ifMatch is not null && Primary().Read(key) is not null)
            {
                return Task.FromException(new ConcurrencyConflictException(key));
            }
        }

        return Task.CompletedTask;
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

        lock (turn)
        {
            primary.Dispose();
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
                if (LogPages(command) >= RestartLogAfterPages)
                {
                    // The copy above ran beside the saves, so a few pages came after it: with this process's
                    // saves waiting, the rest is copied and the next save starts the log from the beginning.
                    lock (turn)
                    {
                        LogPages(command);
                    }
                }
            }
            catch (SqliteException)
            {
                // Busy or briefly unavailable: the next tick copies what this one could not.
            }
        }
    }

    private Session Primary() => disposed ? throw new ObjectDisposedException(nameof(LocalFolderStore)) : primary;

    /// <summary>Runs a checkpoint and returns how many pages the log held.</summary>
    private static long LogPages(SqliteCommand checkpoint)
    {
        using var result = checkpoint.ExecuteReader();
        return result.Read() ? result.GetInt64(1) : 0;
    }

    /// <summary>
    /// The first databases kept documents in a WITHOUT ROWID table, so each document's body lay in the key's
    /// b-tree: looking up any key beside a large document (a 10,000-unit committee is 3 MB) read all of it.
    /// Copied once into a table where the key index holds keys only.
    /// </summary>
    private static void UnclusteredOnce(SqliteConnection connection)
    {
        const string isFirstLayout = "SELECT count(*) FROM sqlite_master WHERE name = 'documents' AND sql LIKE '%WITHOUT ROWID%'";
        using var command = connection.CreateCommand();
        command.CommandText = isFirstLayout;
        if ((long)command.ExecuteScalar()! == 0)
        {
            return;
        }

        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();
        try
        {
            // Checked again inside the transaction: another process may have copied it meanwhile.
            command.CommandText = isFirstLayout;
            if ((long)command.ExecuteScalar()! > 0)
            {
                command.CommandText = """
                    CREATE TABLE documents_rowid (key TEXT NOT NULL PRIMARY KEY, etag TEXT NOT NULL, body BLOB NOT NULL);
                    INSERT INTO documents_rowid (key, etag, body) SELECT key, etag, body FROM documents;
                    DROP TABLE documents;
                    ALTER TABLE documents_rowid RENAME TO documents;
                    """;
                command.ExecuteNonQuery();
            }

            command.CommandText = "COMMIT";
            command.ExecuteNonQuery();
        }
        catch
        {
            command.CommandText = "ROLLBACK";
            command.ExecuteNonQuery();
            throw;
        }
    }

    private static string NewETag() => $"\"{Guid.NewGuid():N}\"";

    private Session Rent() => idle.TryTake(out var session) ? session : new Session(connectionString, CacheKilobytes);

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

        public Session(string connectionString, int cacheKilobytes)
        {
            connection = new SqliteConnection(connectionString);
            connection.Open();

            // NORMAL in WAL mode: a commit survives the process dying; only a power cut may lose the last commits, never consistency.
            Execute("PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;");
            // When the log starts over, its file is cut back to 4 MB rather than keep its largest size on disk.
            Execute(FormattableString.Invariant($"PRAGMA cache_size=-{cacheKilobytes}; PRAGMA journal_size_limit={4 << 20};"));
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
