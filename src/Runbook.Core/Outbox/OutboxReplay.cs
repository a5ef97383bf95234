namespace Runbook.Outbox;

/// <summary>What a replay of failed messages changed (<c>POST /api/email/replay-failed</c>, <c>runbook email replay-failed</c>).</summary>
/// <param name="Target">The target whose outbox it was.</param>
/// <param name="Table">The outbox table.</param>
/// <param name="Rows">Messages put back to pending (0: none were failed).</param>
/// <param name="Detail">A sentence for the operator.</param>
public sealed record OutboxReplay(string Target, string Table, long Rows, string Detail);
