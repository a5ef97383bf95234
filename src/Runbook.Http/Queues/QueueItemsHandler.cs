using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Queues;
using Runbook.Reports;

namespace Runbook.Http.Queues;

/// <summary><c>GET /api/queues/{target}/{queue}/items?status=failed&amp;limit=20</c>: the oldest items in a status.</summary>
public sealed class QueueItemsHandler(QueueOperations queues, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        if (request.Query.Keys.FirstOrDefault(k => k is not ("status" or "limit")) is { } unknown)
        {
            throw new InvalidRequestException($"Unknown query parameter '{unknown}': use status and limit.");
        }

        var limitText = request.Query["limit"].FirstOrDefault();
        var limit = limitText is null ? 20
            : int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw new InvalidRequestException("'limit' must be a whole number between 1 and 500.");
        return new JsonResult(await queues.ItemsAsync(caller.Route("target"), caller.Route("queue"), request.Query["status"].FirstOrDefault(), limit, cancellationToken), ReportJson.Options);
    }
}
