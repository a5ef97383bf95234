using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Backups;
using Runbook.Health.ServerChecks;
using Runbook.Logging;
using Runbook.Notifications;
using Runbook.Scheduling;
using Runbook.Targets;
using Runbook.Tasks;

namespace Runbook.Health;

/// <summary>
/// The daily health check (seed 001 "Morning Health Check", seed 004 "Quick Reference"): for each target,
/// reachability and latency, server statistics, the server-level checks (IServerCheckSet), the error log and the queues, each judged against thresholds;
/// then one JSON and one HTML report per target in Blob Storage and one summary log line.
/// Every read of a target is inside the fault boundary: a target that cannot be reached or read becomes findings,
/// never an exception, and the other targets are checked and the report is written.
/// </summary>
public class HealthCheckJob : IScheduledJob
{
    private readonly RunbookOptions _targets = new();
    private readonly HealthCheckOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly AppTableInspector _inspector = null!;
    private readonly HealthReportWriter _writer = null!;
    private readonly TaskSwitches? _switches;
    private readonly BackupStore? _backups;
    private readonly Notifier? _notifier;
    private readonly TaskOptions _taskOptions = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected HealthCheckJob()
    {
    }

    /// <summary>Creates the job from its parts (normally by dependency injection).</summary>
    public HealthCheckJob(
        IOptions<RunbookOptions> targets,
        IOptions<HealthCheckOptions> options,
        TargetSessionFactory sessions,
        AppTableInspector inspector,
        HealthReportWriter writer,
        TimeProvider time,
        ILogger<HealthCheckJob> logger,
        TaskSwitches? switches = null,
        IOptions<TaskOptions>? taskOptions = null,
        BackupStore? backups = null,
        Notifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _inspector = inspector ?? throw new ArgumentNullException(nameof(inspector));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _switches = switches;
        _backups = backups;
        _notifier = notifier;
        _taskOptions = taskOptions?.Value ?? new TaskOptions();
    }

    /// <inheritdoc />
    public JobSchedule Schedule => JobSchedules.HealthCheck;

    private TargetSessionOptions SessionOptions => new(_options.ConnectTimeout, _options.LockTimeout, $"{HealthCheckOptions.SectionName}:ConnectTimeout");

    /// <summary>
    /// Checks every target, or only <paramref name="targetName"/>, stores the reports and returns them. A storage
    /// failure does not lose the findings: the report comes back with <see cref="HealthCheckReport.StorageFailure"/> set.
    /// Throws <see cref="UnknownTargetException"/> when <paramref name="targetName"/> is not configured.
    /// </summary>
    public virtual async Task<HealthCheckReport> RunAsync(string? targetName = null, CancellationToken cancellationToken = default)
    {
        var selected = SelectTargets(targetName);
        var started = _time.GetUtcNow();
        var stopwatch = _time.GetTimestamp();

        var timers = await CheckTimersAsync(cancellationToken);
        var backups = await ReadBackupsAsync(cancellationToken);
        var reports = new List<TargetHealthReport>(selected.Count);
        foreach (var target in selected)
        {
            var checkedTarget = await CheckTargetAsync(target, cancellationToken);
            var extra = backups is { } listed ? [.. timers, JudgeBackups(target.Name, listed)] : timers;
            reports.Add(extra.Count == 0 ? checkedTarget : checkedTarget with { Findings = [.. checkedTarget.Findings.Concat(extra).OrderByDescending(f => f.Severity)] });
        }

        var report = new HealthCheckReport { StartedAt = started, CompletedAt = _time.GetUtcNow(), Targets = reports };
        report = await StoreAsync(report, cancellationToken);
        Log.HealthCheckFinished(
            _logger,
            report.Severity,
            reports.Count,
            reports.Count(r => r.Severity == Severity.Critical),
            reports.Count(r => r.Severity == Severity.Warning),
            (long)_time.GetElapsedTime(stopwatch).TotalMilliseconds);
        return report;
    }

    /// <summary>
    /// The timer's run: every target, and a failed invocation (so the platform's failure alert fires) when the reports
    /// could not be stored.
    /// </summary>
    public virtual async Task<HealthCheckReport> RunOnScheduleAsync(CancellationToken cancellationToken = default)
    {
        var report = await RunAsync(cancellationToken: cancellationToken);
        await NotifyAsync(report, cancellationToken);
        return report.StorageFailure is { } failure
            ? throw new InvalidOperationException($"The health check ran ({report.Severity}) but its reports could not be stored: {failure}")
            : report;
    }

    // Seed 001: a Critical morning check is somebody's problem now. One alert per Critical target (repeated at most once
    // per de-duplication window while it lasts), one recovery when it is no longer Critical.
    private async Task NotifyAsync(HealthCheckReport report, CancellationToken cancellationToken)
    {
        if (_notifier is not { IsConfigured: true })
        {
            return;
        }

        foreach (var target in report.Targets)
        {
            var key = "health-check/" + target.Target;
            var where = report.ReportLocations.FirstOrDefault(l => l.EndsWith($"/{target.Target}.html", StringComparison.Ordinal))
                ?? report.ReportLocations.FirstOrDefault(l => l.Contains($"/{target.Target}.", StringComparison.Ordinal));
            var reportLine = where is null ? string.Empty : $"\n\nReport: {where}";
            if (target.Severity == Severity.Critical)
            {
                var findings = string.Join('\n', target.Findings.Where(f => f.Severity >= Severity.Warning).Select(f => $"- {f.Severity.ToString().ToUpperInvariant()} {f.Check}: {f.Message}"));
                await _notifier.RaiseAsync(key, $"Health check of {target.Target} is Critical", $"The health check of {target.Target} at {report.StartedAt:u} is Critical.\n\n{findings}{reportLine}", cancellationToken);
            }
            else
            {
                await _notifier.ResolveAsync(key, $"The health check of {target.Target} at {report.StartedAt:u} is {target.Severity}.{reportLine}", cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    async Task<string> IScheduledJob.RunScheduledAsync(CancellationToken cancellationToken)
    {
        var report = await RunOnScheduleAsync(cancellationToken);
        return $"{report.Severity} across {report.Targets.Count} target(s)";
    }

    /// <summary>Checks one target. Never throws for an unreachable or unreadable target; only for cancellation.</summary>
    public virtual async Task<TargetHealthReport> CheckTargetAsync(TargetOptions target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        TargetSession session;
        try
        {
            session = await _sessions.OpenAsync(target, SessionOptions, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e is TargetConnectException ? e.Message : DatabaseText.FirstLine(e.Message);
            Log.TargetUnreachable(_logger, target.Name, reason);
            return new TargetHealthReport
            {
                Target = target.Name,
                Provider = target.ProviderKind,
                Reachable = false,
                Findings = [new HealthFinding("reachable", Severity.Critical, $"Cannot connect to {target.Name}: {reason}")],
            };
        }

        await using (session)
        {
            var report = await CheckSessionAsync(session, cancellationToken);
            Log.TargetChecked(_logger, target.Name, report.Severity, report.LatencyMilliseconds);
            return report;
        }
    }

    private async Task<TargetHealthReport> CheckSessionAsync(TargetSession session, CancellationToken cancellationToken)
    {
        var target = session.Target;
        var key = _targets.KeyOf(target);
        var reads = new TargetReads(this, session, cancellationToken);
        reads.Findings.Add(new HealthFinding("reachable", Severity.Normal, $"Connected to {target.Name}."));
        var version = session.ServerVersion;
        var probe = session.GetRequiredService<IServerHealthProbe>();

        var (latencyRead, latency) = await reads.TryAsync("latency", "latency", () => probe.MeasureLatencyAsync(session.Connection, _options, _time, cancellationToken));
        if (latencyRead)
        {
            reads.Findings.Add(HealthEvaluator.Judge(latency, _options));
        }

        var (_, server) = await reads.TryAsync("server", "server statistics", () => probe.ReadAsync(session.Connection, _options, cancellationToken));
        if (server is not null)
        {
            reads.Findings.AddRange(HealthEvaluator.Judge(server, _options));
        }

        var serverChecks = new List<ServerCheckResult>();
        foreach (var check in session.GetRequiredService<IServerCheckSet>().Checks)
        {
            var (_, result) = await reads.TryAsync(check.Name, check.Description, () => check.RunAsync(session.Connection, _options, cancellationToken), check.RequiredGrant);
            if (result is not null)
            {
                serverChecks.Add(result);
                reads.Findings.Add(result.ToFinding());
            }
        }

        ErrorLogSummary? log = null;
        if (target.ErrorLog is { } logTable)
        {
            (_, log) = await reads.TryAsync("error-log", $"error log table {logTable.Table}", () => _inspector.ReadErrorLogAsync(session, logTable, key + ":ErrorLog", _options, _time.GetUtcNow(), cancellationToken));
            if (log is not null)
            {
                reads.Findings.Add(HealthEvaluator.Judge(log, _options));
            }
        }

        var queues = new List<QueueHealth>();
        for (var q = 0; q < target.Queues.Count; q++)
        {
            var queueTable = target.Queues[q];
            var queueKey = $"{key}:Queues:{q}";
            var (_, queue) = await reads.TryAsync("queue:" + queueTable.DisplayName, $"queue table {queueTable.Table}", () => _inspector.ReadQueueAsync(session, queueTable, queueKey, _options, _time.GetUtcNow(), cancellationToken));
            if (queue is not null)
            {
                queues.Add(queue);
                reads.Findings.Add(HealthEvaluator.Judge(queue, queueTable.EffectiveFailedStatuses, _options));
            }
        }

        // The outbox is a queue like the application's (seed 003's "queue health snapshot"): pending mail that is old, or
        // mail failed for good, is judged by the same thresholds.
        if (target.Outbox is { Enabled: true } outbox)
        {
            var outboxQueue = new QueueTableOptions
            {
                Name = "email-outbox", Table = outbox.Table, Statuses = ["pending", "processing", "failed"], WaitingStatuses = ["pending"], FailedStatuses = ["failed"],
            };
            var (_, queue) = await reads.TryAsync("queue:email-outbox", $"outbox table {outbox.Table}", () => _inspector.ReadQueueAsync(session, outboxQueue, key + ":Outbox", _options, _time.GetUtcNow(), cancellationToken));
            if (queue is not null)
            {
                queues.Add(queue);
                reads.Findings.Add(HealthEvaluator.Judge(queue, outboxQueue.EffectiveFailedStatuses, _options));
            }
        }

        return new TargetHealthReport
        {
            Target = target.Name,
            Provider = session.Provider,
            Reachable = true,
            LatencyMilliseconds = latencyRead ? Math.Round(latency.TotalMilliseconds, 2) : null,
            ServerVersion = version,
            Server = server,
            ServerChecks = serverChecks,
            ErrorLog = log,
            Queues = queues,
            Findings = [.. reads.Findings.OrderByDescending(f => f.Severity)],
        };
    }

    // A timer switched off longer than DisabledWarningAfter is a Warning on every target's report, so an incident switch
    // is not forgotten; a shorter one is noted. Every report carries them because the reports are per target.
    private async Task<List<HealthFinding>> CheckTimersAsync(CancellationToken cancellationToken)
    {
        if (_switches is null)
        {
            return [];
        }

        try
        {
            var now = _time.GetUtcNow();
            return [.. (await _switches.GetStatusAsync(cancellationToken)).Where(t => !t.Enabled).Select(t =>
            {
                var off = t.ChangedAt is { } at ? now - at : TimeSpan.Zero;
                var until = t.Until is { } end ? $"it turns back on at {end:u}" : "nobody has switched it back on";
                return new HealthFinding(
                    "task:" + t.Name,
                    off >= _taskOptions.DisabledWarningAfter ? Severity.Warning : Severity.Normal,
                    $"Timer {t.Name} has been switched off for {(int)off.TotalHours} h {off.Minutes} min by {t.ChangedBy} ({t.Reason}); {until}.");
            })];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return [new HealthFinding("task:switches", Severity.Warning, $"Could not read the timer switches: {DatabaseText.FirstLine(e.Message)}")];
        }
    }

    // Null when backups are not in use here (no storage, or no backups container); else every backup, or the failure to list them.
    private async Task<(IReadOnlyList<BackupEntry> Entries, string? Failure)?> ReadBackupsAsync(CancellationToken cancellationToken)
    {
        if (_backups is not { IsConfigured: true })
        {
            return null;
        }

        try
        {
            return await _backups.ExistsAsync(cancellationToken) ? (await _backups.ListAsync(cancellationToken: cancellationToken), null) : null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], DatabaseText.FirstLine(e.Message));
        }
    }

    // Seed 001's morning check asks how old the last good backup is: the newest verified one, judged by its age.
    private HealthFinding JudgeBackups(string target, (IReadOnlyList<BackupEntry> Entries, string? Failure) backups)
    {
        if (backups.Failure is { } failure)
        {
            return new HealthFinding("backup", Severity.Warning, $"Could not list the backups: {failure}");
        }

        var mine = backups.Entries.Where(b => b.Target == target).ToList();
        var verified = mine.FirstOrDefault(b => b.IsVerified && b.HasManifest);
        var newest = mine.FirstOrDefault();
        var newer = newest is not null && newest != verified
            ? $" The newest backup, {newest.Name}, is {(newest.Verified switch { "failed" => "one that FAILED verification", "drill-failed" => "one that FAILED its restore drill", _ when newest.HasManifest => "not verified yet", _ => "incomplete" })}."
            : string.Empty;
        if (verified is null)
        {
            return new HealthFinding("backup", Severity.Critical, $"No verified backup of {target} in container {_backups!.ContainerName}.{newer}");
        }

        var age = _time.GetUtcNow() - verified.CreatedAt;
        return new HealthFinding(
            "backup",
            HealthEvaluator.Grade(age.TotalSeconds, _options.BackupAgeWarning.TotalSeconds, _options.BackupAgeCritical.TotalSeconds),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Newest verified backup of {target}: {verified.Name}, {(int)age.TotalHours} h {age.Minutes} min old (warning at {_options.BackupAgeWarning}, critical at {_options.BackupAgeCritical}).{newer}"));
    }

    private async Task<HealthCheckReport> StoreAsync(HealthCheckReport report, CancellationToken cancellationToken)
    {
        if (!_writer.IsConfigured)
        {
            Log.ReportStoreNotConfigured(_logger);
            return report;
        }

        try
        {
            var locations = await _writer.WriteAsync(report, cancellationToken);
            foreach (var location in locations)
            {
                Log.ReportWritten(_logger, location);
            }

            return report with { ReportLocations = locations };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The findings are still worth having: the caller prints them and says the reports were not stored.
            var reason = DatabaseText.FirstLine(e.Message);
            Log.ReportNotStored(_logger, e, reason);
            return report with { StorageFailure = reason };
        }
    }

    private List<TargetOptions> SelectTargets(string? targetName) =>
        string.IsNullOrWhiteSpace(targetName) ? [.. _targets.Targets] : [_targets.GetTarget(targetName)];

    /// <summary>
    /// The fault boundary of one target's reads. A missing table, column or type is a configuration finding; a lock
    /// that did not clear, or a query refused, is a Warning about that read alone; a connection that broke (reset,
    /// killed, frozen past the command timeout) is Critical, and the reads after it are skipped.
    /// </summary>
    private sealed class TargetReads(HealthCheckJob job, TargetSession session, CancellationToken cancellationToken)
    {
        private bool _broken;

        public List<HealthFinding> Findings { get; } = [];

        public async Task<(bool Read, T? Value)> TryAsync<T>(string check, string what, Func<Task<T>> read, string? grant = null)
        {
            if (_broken)
            {
                return (false, default);
            }

            try
            {
                return (true, await read());
            }
            catch (TableConfigurationException e)
            {
                Log.TargetReadFailed(job._logger, session.Target.Name, what, e.Message);
                Findings.Add(new HealthFinding("config:" + check, Severity.Warning, e.Message));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = DatabaseText.FirstLine(e.Message);
                Log.TargetReadFailed(job._logger, session.Target.Name, what, reason);
                if (e is DbException denied && grant is not null && session.Dialect.IsPermissionDenied(denied))
                {
                    // A missing grant is a finding about the account, not a failure of the check: it says what to grant.
                    Findings.Add(new HealthFinding(check, Severity.Warning, $"Not checked: the account may not read {what} ({reason}). Grant it with: {grant}."));
                }
                else if (e is DbException db && session.Dialect.IsLockTimeout(db))
                {
                    Findings.Add(new HealthFinding("read:" + check, Severity.Warning, $"Could not read {what}: a lock held by another session did not clear within {job._options.LockTimeout} ({reason})."));
                }
                else if (!session.IsOpen || IsConnectionFault(e))
                {
                    _broken = true;
                    Findings.Add(new HealthFinding("read:" + check, Severity.Critical, $"Lost the connection to {session.Target.Name} while reading {what}: {reason}. The rest of the check was skipped."));
                }
                else
                {
                    Findings.Add(new HealthFinding("read:" + check, Severity.Warning, $"Could not read {what}: {reason}"));
                }
            }

            return (false, default);
        }

        private static bool IsConnectionFault(Exception e)
        {
            for (var inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is TimeoutException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
