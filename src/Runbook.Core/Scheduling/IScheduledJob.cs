namespace Runbook.Scheduling;

/// <summary>A job a timer runs. Each capability registers its own; <see cref="ScheduledJobRunner"/> runs them all the same way.</summary>
public interface IScheduledJob
{
    /// <summary>The timer this job belongs to.</summary>
    JobSchedule Schedule { get; }

    /// <summary>Runs the job once; returns a one-line outcome (<c>Warning across 2 target(s)</c>); throws when the run failed.</summary>
    Task<string> RunScheduledAsync(CancellationToken cancellationToken = default);
}
