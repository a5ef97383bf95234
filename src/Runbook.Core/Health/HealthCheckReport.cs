namespace Runbook.Health;

/// <summary>One run of the health check across the selected targets.</summary>
public sealed record HealthCheckReport
{
    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run finished.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>One report per target, in configuration order.</summary>
    public required IReadOnlyList<TargetHealthReport> Targets { get; init; }

    /// <summary>Where the reports were written, when they were.</summary>
    public IReadOnlyList<string> ReportLocations { get; init; } = [];

    /// <summary>Why the reports could not be stored, when storage is configured and failed; null otherwise.</summary>
    public string? StorageFailure { get; init; }

    /// <summary>The worst severity across all targets.</summary>
    public Severity Severity => Targets.Count == 0 ? Severity.Normal : Targets.Max(t => t.Severity);
}
