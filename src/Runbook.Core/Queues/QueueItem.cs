namespace Runbook.Queues;

/// <summary>One item of a queue, as listed for an operator.</summary>
/// <param name="Id">Its key, as text.</param>
/// <param name="Status">Its status.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="RetryCount">Its retry counter, when the queue has one.</param>
/// <param name="LastError">Its last error (first line), when the queue has one.</param>
public sealed record QueueItem(string Id, string Status, DateTimeOffset? CreatedAt, long? RetryCount, string? LastError);
