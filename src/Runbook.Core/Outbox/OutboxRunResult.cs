namespace Runbook.Outbox;

/// <summary>What one run of the outbox processor did on one target.</summary>
/// <param name="Target">The target.</param>
/// <param name="Claimed">Rows claimed (due pending rows, rows reclaimed after the processing timeout, and failed rows with --include-failed).</param>
/// <param name="Sent">Messages the SMTP server accepted and marked processed.</param>
/// <param name="Retrying">Messages that failed for now and are due again later.</param>
/// <param name="Failed">Messages failed for good (a 5xx, a row that cannot be sent, the last attempt used).</param>
/// <param name="Released">Claimed rows given back untried (SMTP unreachable, out of time, cancelled), no attempt counted.</param>
/// <param name="Superseded">Rows whose outcome was not written because another processor had reclaimed them meanwhile.</param>
/// <param name="ClaimRetries">Claims tried again after a deadlock or a lock wait.</param>
/// <param name="Purged">Processed rows deleted after the retention period.</param>
/// <param name="Error">Why the run stopped short (the SMTP server unreachable, the target down), or null.</param>
public sealed record OutboxRunResult(
    string Target, int Claimed, int Sent, int Retrying, int Failed, int Released, int Superseded, int ClaimRetries, int Purged, string? Error);
