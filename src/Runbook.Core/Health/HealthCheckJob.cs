using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Logging;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>
/// The daily health check (seed 001 "Morning Health Check", seed 004 "Quick Reference"): for each target,
/// reachability and latency, server statistics, the error log and the queues, each judged against thresholds;
/// then one JSON and one HTML report per target in Blob Storage and one summary log line.
/// A target that cannot be reached or read becomes a finding, never an exception.
/// </summary>
public class HealthCheckJob
{
    private readonly RunbookOptions _targets;
    private readonly HealthCheckOptions _options;
    private readonly TargetConnector _connector;
    private readonly IReadOnlyDictionary<DatabaseProvider, IServerHealthProbe> _probes;
    private readonly AppTableInspector _inspector;
    private readonly HealthReportWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>For mocking.</summary>
    protected HealthCheckJob()
    {
        _targets = new RunbookOptions();
        _options = new HealthCheckOptions();
        _connector = null!;
        _probes = new Dictionary<DatabaseProvider, IServerHealthProbe>();
        _inspector = null!;
        _writer = null!;
        _time = TimeProvider.System;
        _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>Creates the job from its parts (normally by dependency injection).</summary>
    public HealthCheckJob(
        IOptions<RunbookOptions> targets,
        IOptions<HealthCheckOptions> options,
        TargetConnector connector,
        IEnumerable<IServerHealthProbe> probes,
        AppTableInspector inspector,
        HealthReportWriter writer,
        TimeProvider time,
        ILogger<HealthCheckJob> logger)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(probes);
        _targets = targets.Value;
        _options = options.Value;
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        _probes = probes.ToDictionary(p => p.Provider);
        _inspector = inspector ?? throw new ArgumentNullException(nameof(inspector));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Checks every target, or only <paramref name="targetName"/>, stores the reports and returns them.
    /// Throws <see cref="UnknownTargetException"/> when <paramref name="targetName"/> is not configured.
    /// </summary>
    public virtual async Task<HealthCheckReport> RunAsync(string? targetName = null, CancellationToken cancellationToken = default)
    {
        var selected = SelectTargets(targetName);
        var started = _time.GetUtcNow();
        var stopwatch = _time.GetTimestamp();

        var reports = new List<TargetHealthReport>(selected.Count);
        foreach (var target in selected)
        {
            reports.Add(await CheckTargetAsync(target, cancellationToken));
        }

        var report = new HealthCheckReport { StartedAt = started, CompletedAt = _time.GetUtcNow(), Targets = reports };
        if (_writer.IsConfigured)
        {
            var locations = await _writer.WriteAsync(report, cancellationToken);
            foreach (var location in locations)
            {
                Log.ReportWritten(_logger, location);
            }

            report = report with { ReportLocations = locations };
        }
        else
        {
            Log.ReportStoreNotConfigured(_logger);
        }

        Log.HealthCheckFinished(
            _logger,
            report.Severity,
            reports.Count,
            reports.Count(r => r.Severity == Severity.Critical),
            reports.Count(r => r.Severity == Severity.Warning),
            (long)_time.GetElapsedTime(stopwatch).TotalMilliseconds);
        return report;
    }

    /// <summary>Checks one target. Never throws for an unreachable or unreadable target.</summary>
    public virtual async Task<TargetHealthReport> CheckTargetAsync(TargetOptions target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var findings = new List<HealthFinding>();
        DbConnection connection;
        try
        {
            connection = await _connector.OpenAsync(target, _options.ConnectTimeout, cancellationToken);
        }
        catch (Exception e) when (IsConnectFailure(e, cancellationToken))
        {
            // Service errors (Key Vault) carry headers and body after the first line: keep the sentence.
            var reason = e.Message.Split('\n', 2)[0].Trim();
            Log.TargetUnreachable(_logger, target.Name, reason);
            findings.Add(new HealthFinding("reachable", Severity.Critical, $"Cannot connect to {target.Name}: {reason}"));
            return new TargetHealthReport { Target = target.Name, Provider = target.ProviderKind, Reachable = false, Findings = findings };
        }

        await using (connection)
        {
            var dialect = _connector.GetDialect(target);
            var latency = await MeasureLatencyAsync(connection, cancellationToken);
            findings.Add(new HealthFinding("reachable", Severity.Normal, $"Connected to {target.Name}."));

            var server = await TryReadAsync(target, "server statistics", findings, () => _probes[target.ProviderKind].ReadAsync(connection, _options, cancellationToken), dialect);
            if (server is not null)
            {
                findings.AddRange(HealthEvaluator.Judge(latency, server, _options));
            }

            ErrorLogSummary? log = null;
            if (target.ErrorLog is { } logTable)
            {
                log = await TryReadAsync(target, $"error log table {logTable.Table}", findings, () => _inspector.ReadErrorLogAsync(connection, dialect, logTable, _options, _time.GetUtcNow(), cancellationToken), dialect);
                if (log is not null)
                {
                    findings.Add(HealthEvaluator.Judge(log, _options));
                }
            }

            var queues = new List<QueueHealth>();
            foreach (var queueTable in target.Queues)
            {
                var queue = await TryReadAsync(target, $"queue table {queueTable.Table}", findings, () => _inspector.ReadQueueAsync(connection, dialect, queueTable, _options, _time.GetUtcNow(), cancellationToken), dialect);
                if (queue is not null)
                {
                    queues.Add(queue);
                    findings.Add(HealthEvaluator.Judge(queue, queueTable.EffectiveFailedStatuses, _options));
                }
            }

            var report = new TargetHealthReport
            {
                Target = target.Name,
                Provider = target.ProviderKind,
                Reachable = true,
                LatencyMilliseconds = Math.Round(latency.TotalMilliseconds, 2),
                ServerVersion = connection.ServerVersion,
                Server = server,
                ErrorLog = log,
                Queues = queues,
                Findings = [.. findings.OrderByDescending(f => f.Severity)],
            };
            Log.TargetChecked(_logger, target.Name, report.Severity, report.LatencyMilliseconds);
            return report;
        }
    }

    private List<TargetOptions> SelectTargets(string? targetName)
    {
        if (string.IsNullOrWhiteSpace(targetName))
        {
            return [.. _targets.Targets];
        }

        return [_targets.GetTarget(targetName)];
    }

    // The best of three round trips: the first one on a new connection also pays for driver warm-up.
    private async Task<TimeSpan> MeasureLatencyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT 1", _options.CommandTimeout);
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = _time.GetTimestamp();
            await command.ExecuteScalarAsync(cancellationToken);
            var elapsed = _time.GetElapsedTime(started);
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }

    // A missing table or column, or a query the account may not run, is a Warning about that part alone.
    private async Task<T?> TryReadAsync<T>(TargetOptions target, string what, List<HealthFinding> findings, Func<Task<T>> read, IDatabaseDialect dialect)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (DbException e)
        {
            Log.TargetReadFailed(_logger, target.Name, what, e.Message);
            var reason = dialect.IsMissingTableOrColumn(e) ? "it does not exist (check the table and column names in configuration)" : e.Message;
            findings.Add(new HealthFinding("read:" + what, Severity.Warning, $"Could not read {what}: {reason}"));
            return null;
        }
    }

    private static bool IsConnectFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is DbException or TimeoutException or System.Net.Sockets.SocketException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or ArgumentException;
}
