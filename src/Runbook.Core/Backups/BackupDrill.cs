using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Logging;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// The restore drill (issue 18, <c>runbook backup drill</c>, and after each new backup when
/// <see cref="BackupOptions.RestoreDrill"/> is on): restores a stored backup into a scratch database on its target's server
/// the way <see cref="BackupRestorer"/> restores, reads that database's rows again with the target's own dumper (to nowhere:
/// only the per-table row counts and content checksums are kept), compares them with the manifest, and drops the scratch
/// database whatever happens. Proves what verification cannot: that the backup restores, to the rows that were dumped.
/// The outcome goes into the manifest (<see cref="BackupManifest.LastRestoreDrill"/>) and the verified tag: a failed drill
/// leaves the backup unpinned and not counted as the last good one.
/// </summary>
public class BackupDrill
{
    /// <summary>What every scratch database's name starts with.</summary>
    public const string ScratchPrefix = "runbook_drill_";

    // Problems named in the message; the rest are counted.
    private const int NamedProblems = 5;

    private readonly RunbookOptions _targets = new();
    private readonly BackupOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly BackupStore _store = null!;
    private readonly BackupRestorer _restorer = null!;
    private readonly BackupVerifier _verifier = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly AuditTrail? _audit;

    /// <summary>For mocking.</summary>
    protected BackupDrill()
    {
    }

    /// <summary>Creates the drill from its parts (normally by dependency injection).</summary>
    public BackupDrill(
        IOptions<RunbookOptions> targets,
        IOptions<BackupOptions> options,
        TargetSessionFactory sessions,
        BackupStore store,
        BackupRestorer restorer,
        BackupVerifier verifier,
        TimeProvider time,
        ILogger<BackupDrill> logger,
        AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _restorer = restorer ?? throw new ArgumentNullException(nameof(restorer));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _audit = audit;
    }

    /// <summary>
    /// Drills the stored backup <paramref name="dumpName"/> on the server of <paramref name="targetName"/> (default: the
    /// backup's own target) and records the outcome. A backup that does not restore, or restores to other rows, is a failed
    /// check, not an exception. Throws <see cref="NotFoundException"/> for a backup without a manifest,
    /// <see cref="ConflictException"/> when the
    /// scratch database's name is taken, and whatever connecting or storage throws.
    /// </summary>
    public virtual async Task<BackupCheck> DrillAsync(string dumpName, string? targetName, OperatorContext who, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dumpName);
        ArgumentNullException.ThrowIfNull(who);
        if (!_store.IsConfigured)
        {
            throw new InvalidOperationException(Reports.ReportStorageOptions.NotConfiguredMessage + " A restore drill reads a stored backup.");
        }

        var manifest = await _store.ReadManifestAsync(dumpName, cancellationToken)
            ?? throw new NotFoundException($"There is no backup {dumpName} with a manifest in container {_store.ContainerName}: check the name (runbook backup list); a backup without a manifest did not finish and cannot be drilled.");
        var target = _targets.GetTarget(targetName ?? manifest.Target);
        var parameters = new Dictionary<string, string?> { ["backup"] = dumpName };
        async Task<BackupCheck> RunAsync() => await DrillCoreAsync(dumpName, manifest, target, cancellationToken);
        return _audit is null
            ? await RunAsync()
            : await _audit.RecordAsync(who, "backup.drill", target.Name, parameters, RunAsync, c => (1, (c.Passed ? "passed: " : "FAILED: ") + c.Message), cancellationToken);
    }

    /// <summary>The scratch database's name for a drill on <paramref name="target"/>: <c>runbook_drill_&lt;target&gt;_&lt;yyyyMMdd_HHmmss&gt;</c>.</summary>
    public static string ScratchName(string target, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(target);
        var stamp = at.UtcDateTime.ToString("yyyyMMdd'_'HHmmss", CultureInfo.InvariantCulture);
        var safe = new string([.. target.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        var name = $"{ScratchPrefix}{safe[..Math.Min(safe.Length, 63 - ScratchPrefix.Length - stamp.Length - 1)]}_{stamp}";
        return BackupRestorer.IsDatabaseName(name) ? name : throw new InvalidOperationException($"'{name}' is not a valid scratch database name.");
    }

    private async Task<BackupCheck> DrillCoreAsync(string dumpName, BackupManifest manifest, TargetOptions target, CancellationToken cancellationToken)
    {
        var database = ScratchName(target.Name, _time.GetUtcNow());
        BackupCheck check;
        Exception? notDropped = null;
        var ours = true;
        try
        {
            check = await RestoreAndCompareAsync(dumpName, manifest, target, database, cancellationToken);
        }
        catch (ConflictException)
        {
            ours = false; // another drill's scratch database: not ours to drop
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException && !cancellationToken.IsCancellationRequested)
        {
            check = new BackupCheck(_time.GetUtcNow(), false, $"the restore into {database} failed: {DatabaseText.FirstLine(e.Message)}");
        }
        finally
        {
            if (ours)
            {
                notDropped = await DropAsync(target, database);
            }
        }

        await _verifier.RecordAsync(dumpName, manifest with { LastRestoreDrill = check }, cancellationToken);
        Log.BackupDrilled(_logger, dumpName, database, check.Passed, check.Message);
        return notDropped is null
            ? check
            : throw new InvalidOperationException($"The restore drill of {dumpName} {(check.Passed ? "passed" : "failed")}, but its scratch database {database} could not be dropped ({DatabaseText.FirstLine(notDropped.Message)}): drop it by hand on target '{target.Name}'s server.", notDropped);
    }

    private async Task<BackupCheck> RestoreAndCompareAsync(string dumpName, BackupManifest manifest, TargetOptions target, string database, CancellationToken cancellationToken)
    {
        var restored = await _restorer.RestoreIntoScratchAsync(dumpName, target, database, cancellationToken);

        // The dumper's own row text, hashed the same way, read back from what was restored: equal checksums mean equal rows.
        await using var session = await _sessions.OpenAsync(target, _options.Session with { Database = database }, cancellationToken);
        var dump = await session.GetRequiredService<IDatabaseDumper>().DumpAsync(
            session.Connection, Stream.Null, new DumpOptions { LockTimeout = _options.LockTimeout, CommandTimeout = _options.CommandTimeout }, cancellationToken);
        return Compare(manifest, dump.Tables, $"{restored.Statements:N0} statements restored into {database}");
    }

    private BackupCheck Compare(BackupManifest manifest, IReadOnlyList<DumpedTable> restored, string what)
    {
        var actual = restored.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var expected in manifest.Tables)
        {
            if (!actual.Remove(expected.Name, out var got))
            {
                problems.Add(Format($"{expected.Name} is missing (the manifest has {expected.Rows:N0} rows)"));
            }
            else if (got.Rows != expected.Rows)
            {
                problems.Add(Format($"{expected.Name} has {got.Rows:N0} rows, the manifest {expected.Rows:N0}"));
            }
            else if (expected.Checksum is not null && !string.Equals(got.Checksum, expected.Checksum, StringComparison.Ordinal))
            {
                problems.Add(Format($"{expected.Name} has checksum {got.Checksum}, the manifest {expected.Checksum} (same {got.Rows:N0} rows, other content)"));
            }
        }

        problems.AddRange(actual.Values.Select(extra => Format($"{extra.Name} is not in the manifest but was restored with {extra.Rows:N0} rows")));
        var compared = manifest.Tables.All(t => t.Checksum is not null)
            ? "row counts and content checksums"
            : "row counts only: the manifest has no content checksums (written by an older Runbook)";
        if (problems.Count > 0)
        {
            var more = problems.Count > NamedProblems ? Format($"; and {problems.Count - NamedProblems} more") : string.Empty;
            return new BackupCheck(_time.GetUtcNow(), false, Format($"{problems.Count} of {manifest.Tables.Count} tables differ from the manifest ({what}; compared {compared}): {string.Join("; ", problems.Take(NamedProblems))}{more}"));
        }

        return new BackupCheck(_time.GetUtcNow(), true, Format($"{what}, then dropped: {manifest.Tables.Count} tables, {manifest.Tables.Sum(t => t.Rows):N0} rows match the manifest ({compared})"));
    }

    // Always run, also after a failure or a cancellation: bounded by its own timeout instead of the caller's token.
    private async Task<Exception?> DropAsync(TargetOptions target, string database)
    {
        try
        {
            using var bound = new CancellationTokenSource(_options.ConnectTimeout + _options.CommandTimeout, _time);
            await using var admin = await _sessions.OpenAsync(target, _options.Session, bound.Token);
            await admin.GetRequiredService<IDumpRestorer>().DropDatabaseAsync(admin.Connection, database, _options.CommandTimeout, bound.Token);
            return null;
        }
        catch (Exception e)
        {
            Log.DrillScratchNotDropped(_logger, e, database, target.Name, DatabaseText.FirstLine(e.Message));
            return e;
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
