using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Promotions;

namespace Runbook.Functions.Promotions;

/// <summary>Forcing stuck promotions off, safer than editing the database (seed 000 §2), with a function key.</summary>
public sealed class PromotionsFunctions(PromotionsListHandler list, PromotionDeactivateHandler deactivate)
{
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
