using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Health;
using Runbook.Scheduling;

namespace Runbook.Functions.Health;

/// <summary>The daily health check on a timer, and the same check on demand over HTTPS.</summary>
public sealed class HealthCheckFunctions(ScheduledJobRunner timers, HealthCheckHandler handler)
{
    /// <summary>Daily at 09:00 UTC by default (app setting <c>RUNBOOK_HEALTH_CHECK_SCHEDULE</c>), unless switched off.</summary>
    [Function("HealthCheckTimer")]
    public async Task RunScheduledAsync([TimerTrigger("%RUNBOOK_HEALTH_CHECK_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.HealthCheck, timer.IsPastDue, cancellationToken);
    }

    /// <summary><c>POST /api/health-check[?target=NAME]</c> with a function key.</summary>
    [Function("HealthCheckNow")]
    public Task<IActionResult> RunNowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "health-check")] HttpRequest request, CancellationToken cancellationToken)
        => handler.HandleAsync(request, cancellationToken);
}
