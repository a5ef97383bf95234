namespace Runbook.Health;

/// <summary>One judged fact about a target: what was checked, how bad it is, and a sentence for a person.</summary>
/// <param name="Check">A stable key such as <c>connections</c> or <c>queue:email_outbox</c>.</param>
/// <param name="Severity">Normal, Warning or Critical against the configured thresholds.</param>
/// <param name="Message">What was seen, with the figures.</param>
public sealed record HealthFinding(string Check, Severity Severity, string Message);
