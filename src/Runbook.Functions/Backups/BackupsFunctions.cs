using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Backups;
using Runbook.Scheduling;

namespace Runbook.Functions.Backups;

/// <summary>Backups to Blob Storage (seed 001 "Backup Strategy"): the daily timer, and the endpoints, with a function key.</summary>
public sealed class BackupsFunctions(ScheduledJobRunner timers, BackupsListHandler list, BackupCreateHandler create)
{
    /// <summary>Daily at 02:00 UTC by default (app setting <c>RUNBOOK_BACKUP_SCHEDULE</c>), unless switched off.</summary>
    [Function("BackupTimer")]
    public async Task BackupAsync([TimerTrigger("%RUNBOOK_BACKUP_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.Backup, timer.IsPastDue, cancellationToken);
    }

    /// <summary><c>GET /api/backups[?target=NAME]</c>.</summary>
    [Function("BackupsList")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "backups")] HttpRequest request, CancellationToken cancellationToken)
        => list.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/backups</c>.</summary>
    [Function("BackupCreate")]
    public Task<IActionResult> CreateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "backups")] HttpRequest request, CancellationToken cancellationToken)
        => create.HandleAsync(request, cancellationToken);
}
