using Runbook.Health;

namespace Runbook.Queues;

/// <summary>One configured queue as <c>GET /api/queues</c> shows it: its depths, or why they could not be read.</summary>
/// <param name="Target">The target database.</param>
/// <param name="Queue">The queue's name.</param>
/// <param name="Health">Depth and oldest item per status, and the stuck count; null when it could not be read.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record QueueSummary(string Target, string Queue, QueueHealth? Health, string? Error);
