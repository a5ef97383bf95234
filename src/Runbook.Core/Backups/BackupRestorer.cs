using System.Data.Common;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Restores a backup, from the backups container or a local file, into a database on a target's server
/// (<c>runbook backup restore</c>): created when missing, refused when it already holds tables, views or routines unless
/// forced. The bytes are streamed, decompressed and run as they arrive; their SHA-256 is checked against the manifest
/// after the last statement. Into a database it created, a failure is undone by dropping that database (PostgreSQL then
/// loads rows over several connections; MySQL cannot roll back DDL anyway); PostgreSQL restores into an existing database
/// in one transaction, so a damaged backup leaves it as it was.
/// </summary>
public partial class BackupRestorer
{
    private readonly RunbookOptions _targets = new();
    private readonly BackupOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly BackupStore _store = null!;
    private readonly AuditTrail? _audit;

    /// <summary>For mocking.</summary>
    protected BackupRestorer()
    {
    }

    /// <summary>Creates the restorer from its parts (normally by dependency injection).</summary>
    public BackupRestorer(IOptions<RunbookOptions> targets, IOptions<BackupOptions> options, TargetSessionFactory sessions, BackupStore store, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _audit = audit;
    }

    /// <summary>
    /// Restores <paramref name="source"/> (a stored backup's name, or a local file that exists) into
    /// <paramref name="database"/> on <paramref name="targetName"/>'s server. Throws <see cref="InvalidRequestException"/> for
    /// a bad database name or a database that is not empty (without <paramref name="force"/>),
    /// <see cref="FileNotFoundException"/> for a backup that does not exist, <see cref="InvalidDataException"/> when the
    /// backup is damaged or a statement fails (a database created here is dropped again; an existing PostgreSQL one is rolled back).
    /// </summary>
    public virtual async Task<RestoreResult> RestoreAsync(string source, string targetName, string database, bool force, OperatorContext who, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(who);
        var target = _targets.GetTarget(targetName);
        if (!IsDatabaseName(database))
        {
            throw new InvalidRequestException($"'{database}' is not a database name Runbook restores into: use 1-63 letters, digits, '_' and '-', starting with a letter.");
        }

        var parameters = new Dictionary<string, string?> { ["source"] = source, ["database"] = database, ["force"] = force ? "true" : "false" };
        async Task<RestoreResult> RunAsync() => await RestoreCoreAsync(source, target, database!, force, scratch: false, cancellationToken);
        return _audit is null
            ? await RunAsync()
            : await _audit.RecordAsync(who, "backup.restore", target.Name, parameters, RunAsync, r => (1, $"{r.Source} restored into {r.Database}: {r.Statements:N0} statements; {r.Checked}"), cancellationToken);
    }

    /// <summary>
    /// Restores <paramref name="source"/> the same way into <paramref name="database"/>, which must not exist yet (a restore
    /// drill's scratch database; a name already taken is a <see cref="ConflictException"/>). Not audited: the drill records
    /// itself. The caller drops the database, also when this throws.
    /// </summary>
    internal Task<RestoreResult> RestoreIntoScratchAsync(string source, TargetOptions target, string database, CancellationToken cancellationToken) =>
        RestoreCoreAsync(source, target, database, force: false, scratch: true, cancellationToken);

    /// <summary>True for a name Runbook creates and restores databases under (no quoting surprises on either engine).</summary>
    internal static bool IsDatabaseName(string? name) => DatabaseName().IsMatch(name ?? string.Empty);

    private async Task<RestoreResult> RestoreCoreAsync(string source, TargetOptions target, string database, bool force, bool scratch, CancellationToken cancellationToken)
    {
        var (content, manifest, compression) = await OpenAsync(source, cancellationToken);
        await using (content)
        {
            var options = _options.Session;
            bool created;
            IDumpRestorer restorer;
            await using (var admin = await _sessions.OpenAsync(target, options, cancellationToken))
            {
                if (manifest is not null && manifest.Provider != admin.Provider)
                {
                    throw new InvalidRequestException($"{source} is a {manifest.Provider} backup; target '{target.Name}' is {admin.Provider}.");
                }

                restorer = admin.GetRequiredService<IDumpRestorer>();
                created = await restorer.CreateDatabaseAsync(admin.Connection, database, _options.CommandTimeout, cancellationToken);
            }

            if (scratch && !created)
            {
                throw new ConflictException($"The scratch database '{database}' already exists on target '{target.Name}'s server: another restore drill is running, or one was killed before it could drop it (drop it by hand once no drill runs).");
            }

            await using var session = await _sessions.OpenAsync(target, options with { Database = database }, cancellationToken);
            var existing = created ? 0 : await restorer.CountObjectsAsync(session.Connection, _options.CommandTimeout, cancellationToken);
            if (existing > 0 && !force)
            {
                throw new InvalidRequestException($"Database '{database}' already holds {existing} table(s), view(s) or routine(s): restore into a new or empty database, or add --force (the restore then fails on the first object that exists: PostgreSQL rolls back, MySQL keeps what ran before it).");
            }

            // Reading, hashing and decompressing run on their own beside the restore, as gunzip beside psql would: the two
            // halves meet in a bounded pipe, so memory stays flat and a failure on either side ends both.
            var hashing = new HashingStream(content);
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => DecompressAsync(hashing, compression, pipe.Writer, stop.Token), CancellationToken.None);
            string sha256 = string.Empty;

            // Into a database made for it, a restore that can loads rows over several connections, no longer one transaction:
            // a failure is then undone by dropping the database, as on MySQL.
            var parallel = created && restorer.LoadsInParallel && _options.RestoreConnections > 1;
            var atomic = restorer.RollsBack && !parallel;
            long statements;
            try
            {
                await using var sql = pipe.Reader.AsStream();
                var run = new RestoreRun
                {
                    Connection = session.Connection,
                    CommandTimeout = _options.CommandTimeout,
                    BeforeCommit = async () =>
                    {
                        await producer;
                        sha256 = hashing.Finish();
                        if (manifest is not null && !string.Equals(sha256, manifest.Sha256, StringComparison.Ordinal))
                        {
                            throw new InvalidDataException($"{source} has SHA-256 {sha256}, but its manifest says {manifest.Sha256}: the backup is damaged{(atomic ? "; nothing was kept" : string.Empty)}.");
                        }
                    },
                    OpenLoaderAsync = parallel ? async ct => (await _sessions.OpenAsync(target, options with { Database = database }, ct)).Connection : null,
                    Loaders = _options.RestoreConnections,
                };
                statements = await restorer.RestoreAsync(run, sql, cancellationToken);
            }
            catch (Exception e) when (created && !atomic)
            {
                var dropped = await DropCreatedAsync(target, restorer, database);
                if (e is InvalidDataException)
                {
                    throw new InvalidDataException($"{e.Message} {dropped}", e);
                }

                throw;
            }
            finally
            {
                await stop.CancelAsync();
                await pipe.Reader.CompleteAsync();
                await producer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                await hashing.DisposeAsync();
            }

            var checkedAgainst = manifest is null ? "no manifest: the SHA-256 was not checked" : $"SHA-256 matches the manifest ({manifest.Tables.Count} tables, {manifest.Tables.Sum(t => t.Rows):N0} rows)";
            return new RestoreResult(source, target.Name, database, created, statements, sha256, checkedAgainst);
        }
    }

    // Nothing half-restored is left behind in a database the restore made; the caller's cancellation does not stop this.
    private async Task<string> DropCreatedAsync(TargetOptions target, IDumpRestorer restorer, string database)
    {
        try
        {
            await using var admin = await _sessions.OpenAsync(target, _options.Session, CancellationToken.None);
            await restorer.DropDatabaseAsync(admin.Connection, database, _options.CommandTimeout, CancellationToken.None);
            return $"Runbook had created database '{database}' for this restore and has dropped it again: nothing half-restored is left.";
        }
        catch (Exception e) when (e is DbException or TargetConnectException)
        {
            return $"Runbook had created database '{database}' for this restore but could not drop it ({DatabaseText.FirstLine(e.Message)}): drop it before using the server's copy.";
        }
    }

    // Everything read is hashed, a gzip footer the decompressor did not need included; an error reaches the reader.
    private static async Task DecompressAsync(HashingStream hashing, BackupCompression compression, PipeWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await using (var sql = BackupCompressionStreams.Decompress(hashing, compression))
            {
                await sql.CopyToAsync(output, cancellationToken);
            }

            var rest = new byte[1 << 16];
            while (await hashing.ReadAsync(rest, cancellationToken) > 0)
            {
            }

            await output.CompleteAsync();
        }
        catch (Exception e)
        {
            await output.CompleteAsync(e);
            throw;
        }
    }

    private async Task<(Stream Content, BackupManifest? Manifest, BackupCompression Compression)> OpenAsync(string source, CancellationToken cancellationToken)
    {
        if (File.Exists(source))
        {
            var manifestPath = BackupJob.ManifestPathOf(source);
            var manifest = File.Exists(manifestPath)
                ? System.Text.Json.JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken), Reports.ReportJson.Options)
                : null;
            var compression = manifest?.Compression ?? BackupNames.CompressionOf(source) ?? BackupCompression.None;
            return (new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan), manifest, compression);
        }

        if (BackupNames.CompressionOf(source) is not { } stored || !_store.IsConfigured)
        {
            throw new FileNotFoundException($"There is no file {source}{(_store.IsConfigured ? string.Empty : " (and storage is not configured to look for a stored backup)")}.", source);
        }

        var storedManifest = await _store.ReadManifestAsync(source, cancellationToken)
            ?? throw new InvalidRequestException($"{source} has no manifest: the backup did not finish. Restore another one (runbook backup list).");
        var (content, _, _) = await _store.OpenReadAsync(source, cancellationToken);
        return (content, storedManifest, stored);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseName();
}
