using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Promotions;
using Runbook.Scheduling;

namespace Runbook.Functions.Promotions;

/// <summary>Forcing stuck promotions off, safer than editing the database (seed 000 §2), with a function key.</summary>
public sealed class PromotionsFunctions(ScheduledJobRunner timers, PromotionsListHandler list, PromotionDeactivateHandler deactivate)
{
    /// <summary>Every 5 minutes by default (app setting <c>RUNBOOK_PROMOTION_EXPIRY_SCHEDULE</c>), unless switched off.</summary>
    [Function("PromotionExpiryTimer")]
    public async Task ExpireAsync([TimerTrigger("%RUNBOOK_PROMOTION_EXPIRY_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.PromotionExpiry, timer.IsPastDue, cancellationToken);
    }

    /// <summary><c>GET /api/promotions/{target}</c>.</summary>
    [Function("PromotionsList")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "promotions/{target}")] HttpRequest request, CancellationToken cancellationToken)
        => list.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/promotions/{target}/{id}/deactivate</c>.</summary>
    [Function("PromotionDeactivate")]
    public Task<IActionResult> DeactivateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "promotions/{target}/{id}/deactivate")] HttpRequest request, CancellationToken cancellationToken)
        => deactivate.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/promotions/{target}/deactivate-active</c>.</summary>
    [Function("PromotionsDeactivateActive")]
    public Task<IActionResult> DeactivateActiveAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "promotions/{target}/deactivate-active")] HttpRequest request, CancellationToken cancellationToken)
        => deactivate.HandleAsync(request, cancellationToken);
}
