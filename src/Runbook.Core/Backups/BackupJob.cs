using System.IO.Pipelines;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Logging;
using Runbook.Scheduling;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Makes backups (seed 001 "Backup Strategy", seed 000 §4–5): the target's database dumped inside one snapshot, compressed
/// on the way and streamed into a block blob of the backups container, the SHA-256 computed as it goes, committed only
/// when the dump is complete, with a manifest beside it; then verified. Also to a local file or any stream, for
/// break-glass use when storage is out of reach. Memory stays constant whatever the database's size.
/// </summary>
public class BackupJob : IScheduledJob
{
    private readonly RunbookOptions _targets = new();
    private readonly BackupOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly BackupStore _store = null!;
    private readonly BackupVerifier _verifier = null!;
    private readonly BackupPruner _pruner = null!;
    private readonly BackupDrill _drill = null!;
    private readonly AuditTrail? _audit;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected BackupJob()
    {
    }

    /// <summary>Creates the job from its parts (normally by dependency injection).</summary>
    public BackupJob(
        IOptions<RunbookOptions> targets,
        IOptions<BackupOptions> options,
        TargetSessionFactory sessions,
        BackupStore store,
        BackupVerifier verifier,
        BackupPruner pruner,
        BackupDrill drill,
        TimeProvider time,
        ILogger<BackupJob> logger,
        AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _pruner = pruner ?? throw new ArgumentNullException(nameof(pruner));
        _drill = drill ?? throw new ArgumentNullException(nameof(drill));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _audit = audit;
    }

    /// <inheritdoc />
    public JobSchedule Schedule => JobSchedules.Backup;

    /// <summary>The version written into every manifest.</summary>
    public static string RunbookVersion { get; } =
        typeof(BackupJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <inheritdoc />
    async Task<string> IScheduledJob.RunScheduledAsync(CancellationToken cancellationToken)
    {
        // Every target is backed up even when one fails; then old backups are pruned (never a target's newest verified
        // one, so a failed night deletes nothing it still needs); a failure fails the tick, which raises the alert.
        var who = OperatorContext.Timer(JobSchedules.Backup.Name);
        var failures = new List<string>();
        var (made, deleted) = (0, 0);
        foreach (var target in _targets.Targets)
        {
            try
            {
                await CreateAsync(target.Name, compression: null, who, progress: null, cancellationToken);
                made++;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{target.Name}: {DatabaseText.FirstLine(e.Message)}");
            }

            try
            {
                deleted += (await _pruner.PruneAsync(target.Name, dryRun: false, who, cancellationToken)).Count(d => !d.Keep);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{target.Name} (prune): {DatabaseText.FirstLine(e.Message)}");
            }
        }

        return failures.Count == 0
            ? $"{made} backup(s) made{(_options.VerifyAfterBackup ? " and verified" : string.Empty)}{(_options.RestoreDrill ? " and drilled" : string.Empty)}, {deleted} pruned"
            : throw new InvalidOperationException($"{failures.Count} backup step(s) failed: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// Backs up <paramref name="targetName"/> into the backups container, verifies it when
    /// <see cref="BackupOptions.VerifyAfterBackup"/> is on and drills it when <see cref="BackupOptions.RestoreDrill"/> is;
    /// recorded in the audit trail. Throws <see cref="UnknownTargetException"/>, <see cref="TargetConnectException"/>,
    /// <see cref="DumpFailedException"/>, or <see cref="BackupVerificationException"/> when the new backup does not verify
    /// or fails its restore drill.
    /// </summary>
    public virtual Task<BackupResult> CreateAsync(string targetName, BackupCompression? compression, OperatorContext who, IProgress<DumpProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var target = _targets.GetTarget(targetName);
        if (!_store.IsConfigured)
        {
            throw new InvalidOperationException(Reports.ReportStorageOptions.NotConfiguredMessage + " Or write the backup to a local file (runbook backup create --out FILE).");
        }

        var parameters = new Dictionary<string, string?> { ["compression"] = (compression ?? _options.Compression).ToString() };
        return Audited(who, "backup.create", target.Name, parameters, () => CreateInStoreAsync(target, compression ?? _options.Compression, who, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Backs up <paramref name="targetName"/> into the local file <paramref name="path"/> and its manifest beside it
    /// (<c>.manifest.json</c>). The dump is written to <c>path.partial</c> and renamed only when complete, so a failed or
    /// killed backup never leaves a file that looks whole. Refuses to replace an existing file.
    /// </summary>
    public virtual async Task<BackupResult> CreateFileAsync(string targetName, string path, BackupCompression? compression, OperatorContext who, IProgress<DumpProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(who);
        var target = _targets.GetTarget(targetName);
        var full = Path.GetFullPath(path);
        var manifestPath = ManifestPathOf(full);
        if (File.Exists(full) || File.Exists(manifestPath))
        {
            // The manifest is named after the dump without its compression: x.sql.gz and x.sql.zst would share x.manifest.json.
            var existing = File.Exists(full) ? full : $"{manifestPath} (the manifest a dump named {Path.GetFileName(full)} would have)";
            throw new Operations.InvalidRequestException($"{existing} already exists; choose another file or remove it first.");
        }

        var partial = full + ".partial";
        var parameters = new Dictionary<string, string?> { ["file"] = full, ["compression"] = (compression ?? _options.Compression).ToString() };
        return await Audited(who, "backup.create", target.Name, parameters, async () =>
        {
            try
            {
                BackupManifest manifest;
                await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    manifest = await DumpAsync(target, file, Path.GetFileName(full), compression ?? _options.Compression, progress, cancellationToken);
                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                File.Move(partial, full);
                await File.WriteAllTextAsync(manifestPath, System.Text.Json.JsonSerializer.Serialize(manifest, Reports.ReportJson.Options), cancellationToken);
                return new BackupResult(target.Name, full, manifest, null);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>Backs up <paramref name="targetName"/> into <paramref name="output"/> (standard output), left open.</summary>
    public virtual async Task<BackupResult> CreateStreamAsync(string targetName, Stream output, BackupCompression? compression, OperatorContext who, IProgress<DumpProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(who);
        var target = _targets.GetTarget(targetName);
        var parameters = new Dictionary<string, string?> { ["file"] = "-", ["compression"] = (compression ?? _options.Compression).ToString() };
        return await Audited(who, "backup.create", target.Name, parameters, async () =>
            new BackupResult(target.Name, "-", await DumpAsync(target, output, "-", compression ?? _options.Compression, progress, cancellationToken), null), cancellationToken);
    }

    /// <summary>The manifest file written beside a local dump.</summary>
    public static string ManifestPathOf(string dumpPath)
    {
        ArgumentNullException.ThrowIfNull(dumpPath);
        var compression = BackupNames.CompressionOf(dumpPath);
        return (compression is { } c ? dumpPath[..^BackupNames.Extension(c).Length] : dumpPath) + BackupNames.ManifestSuffix;
    }

    private async Task<BackupResult> CreateInStoreAsync(TargetOptions target, BackupCompression compression, OperatorContext who, IProgress<DumpProgress>? progress, CancellationToken cancellationToken)
    {
        var createdAt = _time.GetUtcNow();
        var name = BackupNames.DumpName(target.Name, createdAt, compression);
        var tier = BackupNames.TierOf(createdAt);
        var tags = BackupNames.Tags(target.Name, tier, createdAt);
        BackupManifest manifest;
        await using (var upload = await _store.OpenDumpAsync(name, cancellationToken))
        {
            manifest = await DumpAsync(target, upload, name, compression, progress, cancellationToken, createdAt);
            var metadata = new Dictionary<string, string> { ["target"] = target.Name, ["tier"] = BackupNames.TierName(tier), [BackupNames.Sha256Metadata] = manifest.Sha256 };
            await upload.CommitAsync(metadata, tags, ContentType(compression));
        }

        await _store.WriteManifestAsync(manifest, tags, cancellationToken);
        Log.BackupStored(_logger, target.Name, name, manifest.SizeBytes, manifest.SqlBytes);
        var verification = _options.VerifyAfterBackup ? (await _verifier.VerifyAsync(name, cancellationToken)) : null;
        if (verification is { Passed: false })
        {
            throw new BackupVerificationException(name, verification.Message);
        }

        var drill = _options.RestoreDrill ? await _drill.DrillAsync(name, target.Name, who, cancellationToken) : null;
        return drill is { Passed: false }
            ? throw new BackupVerificationException(name, "its restore drill failed: " + drill.Message)
            : new BackupResult(target.Name, name, manifest, verification, drill);
    }

    // Database -> SQL on this thread; SQL -> compression -> hashing -> output on another, as gzip runs beside pg_dump. The
    // halves meet in a bounded pipe, so memory stays flat; a failure on either side ends both (the output's reaches the
    // dumper at its next write, as it did when it wrote to the output itself). The hash and size are of the compressed
    // bytes: what storage keeps.
    private async Task<BackupManifest> DumpAsync(TargetOptions target, Stream output, string name, BackupCompression compression, IProgress<DumpProgress>? progress, CancellationToken cancellationToken, DateTimeOffset? createdAt = null)
    {
        var started = createdAt ?? _time.GetUtcNow();
        await using var session = await _sessions.OpenAsync(target, _options.Session, cancellationToken);
        var dumper = session.GetRequiredService<IDatabaseDumper>();
        await using var hashing = new HashingStream(output);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
        var compressor = Task.Run(() => CompressAsync(pipe.Reader, hashing, compression, _options.GzipLevel, cancellationToken), CancellationToken.None);
        DumpResult dump;
        try
        {
            await using (var sql = pipe.Writer.AsStream(leaveOpen: true))
            {
                dump = await dumper.DumpAsync(session.Connection, sql, new DumpOptions { LockTimeout = _options.LockTimeout, CommandTimeout = _options.CommandTimeout, Progress = progress }, cancellationToken);
            }

            await pipe.Writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await pipe.Writer.CompleteAsync(e);
            try
            {
                await compressor;
            }
            catch (Exception)
            {
                // It ends with the dump's failure (or one of its own): the dump's is the one to report.
            }

            throw;
        }

        try
        {
            await compressor;
        }
        catch (IOException e)
        {
            // The last of the output failed after the dump had handed it everything: the same failure as one it saw itself.
            throw new DumpFailedException(session.Connection.Database, "writing the end of the dump", e.Message, e);
        }

        return new BackupManifest
        {
            Target = target.Name,
            Provider = session.Provider,
            ServerVersion = dump.ServerVersion,
            Database = dump.Database,
            Dump = name,
            CreatedAt = started,
            Tier = BackupNames.TierOf(started),
            SnapshotStartedAt = dump.SnapshotStartedAt,
            SnapshotEndedAt = dump.SnapshotEndedAt,
            Compression = compression,
            SizeBytes = hashing.BytesWritten,
            SqlBytes = dump.TotalBytes,
            Sha256 = hashing.Finish(),
            Tables = dump.Tables,
            RunbookVersion = RunbookVersion,
        };
    }

    private static async Task CompressAsync(PipeReader sql, Stream output, BackupCompression compression, int gzipLevel, CancellationToken cancellationToken)
    {
        try
        {
            await using (var compressed = BackupCompressionStreams.Compress(output, compression, gzipLevel))
            {
                await sql.CopyToAsync(compressed, cancellationToken);
            }

            await sql.CompleteAsync();
        }
        catch (Exception e)
        {
            await sql.CompleteAsync(e);
            throw;
        }
    }

    private Task<T> Audited<T>(OperatorContext who, string operation, string target, Dictionary<string, string?> parameters, Func<Task<T>> run, CancellationToken cancellationToken) =>
        _audit is null
            ? run()
            : _audit.RecordAsync(who, operation, target, parameters, run, r => (1, r is BackupResult b ? $"{b.Location}: {b.Manifest.SqlBytes:N0} bytes of SQL, {b.Manifest.Tables.Sum(t => t.Rows):N0} rows in {b.Manifest.Tables.Count} tables" : "done"), cancellationToken);

    private static string ContentType(BackupCompression compression) => compression switch
    {
        BackupCompression.Gzip => "application/gzip",
        BackupCompression.Zstd => "application/zstd",
        _ => "application/sql",
    };
}
