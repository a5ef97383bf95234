namespace Runbook.Audit;

/// <summary>
/// One line of the audit trail: who did what, to what, with which parameters (never a secret), how it ended, how many
/// rows it changed and how long it took. <see cref="Previous"/> is the SHA-256 of the line before it, so an edited or
/// removed line breaks the chain.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>When the operation ended.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who said they acted.</summary>
    public string? Actor { get; init; }

    /// <summary>The authenticated principal, when the platform passed one.</summary>
    public string? Principal { get; init; }

    /// <summary>http, cli or timer.</summary>
    public required string Channel { get; init; }

    /// <summary>The operation (<c>tasks.disable</c>, <c>timer.health-check</c>).</summary>
    public required string Operation { get; init; }

    /// <summary>What it acted on (a task, a target, a queue item).</summary>
    public string? Target { get; init; }

    /// <summary>The parameters as given, never a secret.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = new Dictionary<string, string?>();

    /// <summary>succeeded, unchanged, refused, failed or skipped.</summary>
    public required string Outcome { get; init; }

    /// <summary>A sentence: the result, or why it was refused or failed.</summary>
    public string? Detail { get; init; }

    /// <summary>Rows (or switches) changed.</summary>
    public long RowsChanged { get; init; }

    /// <summary>How long it took, in milliseconds.</summary>
    public long DurationMilliseconds { get; init; }

    /// <summary>The request or tick id, to find the matching log lines.</summary>
    public required string RequestId { get; init; }

    /// <summary>The SHA-256 (hex) of the previous line of the trail; zeros for the very first.</summary>
    public string Previous { get; init; } = AuditChain.Origin;
}
