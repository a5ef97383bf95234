namespace Runbook.Health;

/// <summary>One queue table: depth and oldest item per status, and the items stuck waiting.</summary>
public sealed record QueueHealth(
    string Queue,
    string Table,
    IReadOnlyList<QueueStatusDepth> Statuses,
    long StuckCount,
    TimeSpan StuckThreshold)
{
    /// <summary>Items in the given status, 0 when none.</summary>
    public long DepthOf(string status) =>
        Statuses.FirstOrDefault(s => string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase))?.Count ?? 0;
}

/// <summary>How many items are in <paramref name="Status"/> and how old the oldest is.</summary>
public sealed record QueueStatusDepth(string Status, long Count, TimeSpan? OldestAge);
