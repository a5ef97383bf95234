namespace Runbook.Queues;

/// <summary>What a queue operation changed, in one transaction.</summary>
/// <param name="Target">The target database.</param>
/// <param name="Queue">The queue's name.</param>
/// <param name="Operation">requeue-failed, requeue, clear-failed or clear-queued.</param>
/// <param name="Rows">Rows changed (0: nothing to do).</param>
/// <param name="Detail">A sentence for the operator.</param>
public sealed record QueueChange(string Target, string Queue, string Operation, long Rows, string Detail);
