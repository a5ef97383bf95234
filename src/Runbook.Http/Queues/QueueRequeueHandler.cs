using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Queues;
using Runbook.Reports;

namespace Runbook.Http.Queues;

/// <summary>
/// <c>POST /api/queues/{target}/{queue}/requeue-failed</c> (seed 004 option C) and
/// <c>POST /api/queues/{target}/{queue}/items/{id}/requeue</c>: back to waiting, retry count 0, last error NULL.
/// </summary>
public sealed class QueueRequeueHandler(QueueOperations queues, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        await RequestBody.ReadAsync(request, new EmptyRequest(), cancellationToken);
        var change = caller.RouteValues.ContainsKey("id")
            ? await queues.RequeueItemAsync(caller.Route("target"), caller.Route("queue"), caller.Route("id"), caller.Context, cancellationToken)
            : await queues.RequeueFailedAsync(caller.Route("target"), caller.Route("queue"), caller.Context, cancellationToken);
        return new JsonResult(change, ReportJson.Options);
    }
}
