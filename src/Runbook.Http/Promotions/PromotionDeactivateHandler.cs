using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Promotions;
using Runbook.Reports;

namespace Runbook.Http.Promotions;

/// <summary>
/// <c>POST /api/promotions/{target}/{id}/deactivate</c> and <c>POST /api/promotions/{target}/deactivate-active</c> with
/// <c>{ "reason": "...", "dryRun": false }</c>: forces one or every active promotion off (seed 000 §2), showing each
/// before and after. Already off is a 200 that says so; an unknown id is a 404.
/// </summary>
public sealed class PromotionDeactivateHandler(PromotionOperations promotions, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PromotionDeactivateRequest>(request, null, cancellationToken);
        var change = caller.RouteValues.ContainsKey("id")
            ? await promotions.DeactivateAsync(caller.Route("target"), caller.Route("id"), body.Reason, body.DryRun, caller.Context, cancellationToken)
            : await promotions.DeactivateActiveAsync(caller.Route("target"), body.Reason, body.DryRun, caller.Context, cancellationToken);
        return new JsonResult(change, ReportJson.Options);
    }
}
