using Microsoft.Azure.Functions.Worker;
using Runbook.Scheduling;

namespace Runbook.Functions.Backups;

/// <summary>Backups to Blob Storage (seed 001 "Backup Strategy"): the daily timer.</summary>
public sealed class BackupsFunctions(ScheduledJobRunner timers)
{
    /// <summary>Daily at 02:00 UTC by default (app setting <c>RUNBOOK_BACKUP_SCHEDULE</c>), unless switched off.</summary>
    [Function("BackupTimer")]
    public async Task BackupAsync([TimerTrigger("%RUNBOOK_BACKUP_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.Backup, timer.IsPastDue, cancellationToken);
    }
}
