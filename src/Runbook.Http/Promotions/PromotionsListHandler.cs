using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Promotions;
using Runbook.Reports;

namespace Runbook.Http.Promotions;

/// <summary><c>GET /api/promotions/{target}[?active=true]</c>: the target's promotions, or only the active ones.</summary>
public sealed class PromotionsListHandler(PromotionOperations promotions, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        if (request.Query.Keys.FirstOrDefault(k => k != "active") is { } unknown)
        {
            throw new InvalidRequestException($"Unknown query parameter '{unknown}': use active=true or active=false.");
        }

        var active = request.Query["active"].FirstOrDefault() switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new InvalidRequestException("'active' must be true or false."),
        };
        return new JsonResult(await promotions.ListAsync(caller.Route("target"), active, cancellationToken), ReportJson.Options);
    }
}
