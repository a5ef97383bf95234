namespace Runbook.Health.ServerChecks;

/// <summary>What one server-level check saw: its verdict, a sentence for a person, and the items behind it.</summary>
/// <param name="Check">The check's name (<see cref="IServerCheck.Name"/>), also the finding's id.</param>
/// <param name="Severity">The worst of the items, or the check's own verdict.</param>
/// <param name="Message">What was seen, with the figures and the thresholds.</param>
/// <param name="Items">The sessions, databases, slots, sequences or tables judged, worst first (at most a few dozen).</param>
public sealed record ServerCheckResult(string Check, Severity Severity, string Message, IReadOnlyList<ServerCheckItem> Items)
{
    /// <summary>The result as a finding of the target's report.</summary>
    public HealthFinding ToFinding() => new(Check, Severity, Message);
}
