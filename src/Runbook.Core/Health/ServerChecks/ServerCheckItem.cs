namespace Runbook.Health.ServerChecks;

/// <summary>One thing a server-level check judged: a session, a database, a slot, a sequence, a table.</summary>
/// <param name="Subject">What it is, such as <c>pid 4711</c> or <c>public.orders_id_seq</c>.</param>
/// <param name="Severity">Its own verdict against the thresholds.</param>
/// <param name="Value">The figure it was judged on, in <paramref name="Unit"/> (for charts and alerts on the JSON report).</param>
/// <param name="Unit">The unit of <paramref name="Value"/>: <c>%</c>, <c>s</c>, <c>bytes</c> or <c>count</c>.</param>
/// <param name="Detail">The rest, for a person: ages, last vacuum, the redacted statement.</param>
public sealed record ServerCheckItem(string Subject, Severity Severity, double Value, string Unit, string Detail);
