namespace Runbook.Scheduling;

/// <summary>What one timer tick did.</summary>
/// <param name="Task">The task name.</param>
/// <param name="Ran">False when the timer was switched off and the job skipped.</param>
/// <param name="Outcome">The job's one-line outcome, or why it was skipped.</param>
/// <param name="Duration">How long the tick took.</param>
/// <param name="IsPastDue">True when the host ran the tick late (the app was down or busy at its time).</param>
public sealed record ScheduledRun(string Task, bool Ran, string Outcome, TimeSpan Duration, bool IsPastDue);
