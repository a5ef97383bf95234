using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Email;
using Runbook.Scheduling;

namespace Runbook.Functions.Outbox;

/// <summary>The e-mail outbox (seed 003): the every-minute processor, and the endpoints, with a function key.</summary>
public sealed class OutboxFunctions(ScheduledJobRunner timers, EmailStatusHandler status, EmailReplayFailedHandler replay)
{
    /// <summary>Every minute by default (app setting <c>RUNBOOK_EMAIL_SCHEDULE</c>), unless switched off.</summary>
    [Function("EmailOutboxTimer")]
    public async Task ProcessAsync([TimerTrigger("%RUNBOOK_EMAIL_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.EmailOutbox, timer.IsPastDue, cancellationToken);
    }

    /// <summary><c>GET /api/email/status[?target=NAME]</c>.</summary>
    [Function("EmailStatus")]
    public Task<IActionResult> StatusAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "email/status")] HttpRequest request, CancellationToken cancellationToken)
        => status.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/email/replay-failed</c>.</summary>
    [Function("EmailReplayFailed")]
    public Task<IActionResult> ReplayFailedAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "email/replay-failed")] HttpRequest request, CancellationToken cancellationToken)
        => replay.HandleAsync(request, cancellationToken);
}
