using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runbook.Audit;
using Runbook.Logging;
using Runbook.Notifications;
using Runbook.Targets;
using Runbook.Tasks;

namespace Runbook.Scheduling;

/// <summary>
/// The one place every timer tick goes through: reads the timer's switch and, when it is off, logs the skip and returns;
/// otherwise runs the job, recording whether the tick was past due, its outcome and its duration, in the log and in the
/// audit trail. A switch that cannot
/// be read fails the tick rather than running a job an operator may have switched off (the failure alert fires).
/// </summary>
public class ScheduledJobRunner
{
    private readonly IReadOnlyList<IScheduledJob> _jobs = [];
    private readonly TaskSwitches _switches = null!;
    private readonly AuditTrail _audit = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly Notifier? _notifier;

    /// <summary>For mocking.</summary>
    protected ScheduledJobRunner()
    {
    }

    /// <summary>Creates the runner over every registered job (normally by dependency injection).</summary>
    public ScheduledJobRunner(IEnumerable<IScheduledJob> jobs, TaskSwitches switches, AuditTrail audit, TimeProvider time, ILogger<ScheduledJobRunner> logger, Notifier? notifier = null)
    {
        _notifier = notifier;
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        ArgumentNullException.ThrowIfNull(jobs);
        _jobs = [.. jobs];
        _switches = switches ?? throw new ArgumentNullException(nameof(switches));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Runs the job of <paramref name="schedule"/> unless its switch is off.</summary>
    public virtual async Task<ScheduledRun> RunAsync(JobSchedule schedule, bool isPastDue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var job = _jobs.FirstOrDefault(j => j.Schedule == schedule)
            ?? throw new InvalidOperationException($"No job is registered for timer '{schedule.Name}' ({schedule.FunctionName}).");
        var started = _time.GetTimestamp();
        var who = OperatorContext.Timer(schedule.Name);
        Task AuditAsync(string outcome, string detail) => _audit.TryAppendAsync(
            new AuditRecord
            {
                Time = _time.GetUtcNow(), Actor = who.Actor, Channel = who.Channel, Operation = "timer." + schedule.Name, Target = schedule.FunctionName,
                Parameters = new Dictionary<string, string?> { ["isPastDue"] = isPastDue ? "true" : "false" },
                Outcome = outcome, Detail = detail, DurationMilliseconds = (long)_time.GetElapsedTime(started).TotalMilliseconds, RequestId = who.RequestId,
            },
            cancellationToken);

        TaskSwitchStatus status;
        try
        {
            status = await _switches.GetStatusAsync(schedule, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = DatabaseText.FirstLine(e.Message);
            Log.TimerFailed(_logger, e, schedule.Name, (long)_time.GetElapsedTime(started).TotalMilliseconds, isPastDue, "its switch could not be read: " + reason);
            await AuditAsync("failed", "its switch could not be read: " + reason);
            await RaiseAsync(schedule, $"it did not run: its switch could not be read ({reason})", isPastDue, cancellationToken);
            throw new InvalidOperationException($"Timer {schedule.Name} did not run: its switch could not be read ({reason}), and it may have been switched off.", e);
        }

        if (!status.Enabled)
        {
            var until = status.Until is { } end ? $"; it turns back on at {end:u}" : "; it stays off until someone enables it";
            Log.TimerSkipped(_logger, schedule.Name, status.ChangedBy ?? "?", status.ChangedAt, status.Reason ?? string.Empty, until);
            var skipped = $"skipped: switched off by {status.ChangedBy} ({status.Reason}){until}";
            await AuditAsync("skipped", skipped);
            return new ScheduledRun(schedule.Name, false, skipped, _time.GetElapsedTime(started), isPastDue);
        }

        try
        {
            var outcome = await job.RunScheduledAsync(cancellationToken);
            var elapsed = _time.GetElapsedTime(started);
            Log.TimerFinished(_logger, schedule.Name, outcome, (long)elapsed.TotalMilliseconds, isPastDue);
            await AuditAsync("succeeded", outcome);
            if (_notifier is { IsConfigured: true })
            {
                await _notifier.ResolveAsync("timer/" + schedule.Name, $"Timer {schedule.Name} ({schedule.FunctionName}) succeeded again at {_time.GetUtcNow():u}: {outcome}", cancellationToken);
            }

            return new ScheduledRun(schedule.Name, true, outcome, elapsed, isPastDue);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TimerFailed(_logger, e, schedule.Name, (long)_time.GetElapsedTime(started).TotalMilliseconds, isPastDue, DatabaseText.FirstLine(e.Message));
            await AuditAsync("failed", DatabaseText.FirstLine(e.Message));
            await RaiseAsync(schedule, DatabaseText.FirstLine(e.Message), isPastDue, cancellationToken);
            throw;
        }
    }

    // A failed tick is an alert (once per de-duplication window while the timer keeps failing), cleared by its next success.
    private async Task RaiseAsync(JobSchedule schedule, string reason, bool isPastDue, CancellationToken cancellationToken)
    {
        if (_notifier is { IsConfigured: true })
        {
            await _notifier.RaiseAsync(
                "timer/" + schedule.Name,
                $"Timer {schedule.Name} failed",
                $"Timer {schedule.Name} ({schedule.FunctionName}) failed at {_time.GetUtcNow():u}{(isPastDue ? " (a late tick)" : string.Empty)}: {reason}\n\nThe audit trail has the run (GET /api/audit?operation=timer.{schedule.Name}); the log has the exception.",
                cancellationToken);
        }
    }
}
