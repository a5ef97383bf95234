namespace Runbook.Http.Tasks;

/// <summary>The body of a disable or enable call: <c>{ "reason": "...", "until": "2026-11-24T09:00:00Z" }</c>.</summary>
public sealed class TaskSwitchRequest
{
    /// <summary>Why (required to disable).</summary>
    public string? Reason { get; set; }

    /// <summary>When a disabled timer turns itself back on (optional; only for disable).</summary>
    public DateTimeOffset? Until { get; set; }
}
