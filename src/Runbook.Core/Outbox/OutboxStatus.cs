namespace Runbook.Outbox;

/// <summary>One target's outbox at a glance (<c>runbook email status</c>, seed 003's "queue health snapshot").</summary>
/// <param name="Target">The target.</param>
/// <param name="Table">The outbox table.</param>
/// <param name="Pending">Rows waiting to be sent (due or not yet due).</param>
/// <param name="Processing">Rows claimed by a processor now (or abandoned, until the processing timeout).</param>
/// <param name="Processed">Rows sent and not yet purged.</param>
/// <param name="Failed">Rows failed for good; replay them with <c>runbook email process --include-failed</c>.</param>
/// <param name="OldestPendingAt">When the oldest pending row was written.</param>
/// <param name="OldestPendingAgeSeconds">How long ago that was.</param>
/// <param name="Error">Why the outbox could not be read, or null.</param>
public sealed record OutboxStatus(
    string Target, string Table, long Pending, long Processing, long Processed, long Failed, DateTimeOffset? OldestPendingAt, double? OldestPendingAgeSeconds, string? Error);
