using Runbook.Health.ServerChecks;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>Everything the health check saw on one target, and the findings judged from it.</summary>
public sealed record TargetHealthReport
{
    /// <summary>The target's configured name.</summary>
    public required string Target { get; init; }

    /// <summary>The target's provider.</summary>
    public required DatabaseProvider Provider { get; init; }

    /// <summary>The worst severity among <see cref="Findings"/>.</summary>
    public Severity Severity => Findings.Count == 0 ? Severity.Normal : Findings.Max(f => f.Severity);

    /// <summary>Whether a connection could be opened.</summary>
    public bool Reachable { get; init; }

    /// <summary>Round trip of a trivial query on an open connection, in milliseconds.</summary>
    public double? LatencyMilliseconds { get; init; }

    /// <summary>The server's version text.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>The server's statistics, when reachable.</summary>
    public ServerStatistics? Server { get; init; }

    /// <summary>The server-level checks (wraparound, replication, sequences, ...), each with what it judged.</summary>
    public IReadOnlyList<ServerCheckResult> ServerChecks { get; init; } = [];

    /// <summary>The error-log summary, when a log table is configured and readable.</summary>
    public ErrorLogSummary? ErrorLog { get; init; }

    /// <summary>One entry per configured queue that could be read.</summary>
    public IReadOnlyList<QueueHealth> Queues { get; init; } = [];

    /// <summary>The judged findings, worst first.</summary>
    public IReadOnlyList<HealthFinding> Findings { get; init; } = [];
}
