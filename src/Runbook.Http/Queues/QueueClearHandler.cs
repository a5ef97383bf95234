using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Queues;
using Runbook.Reports;

namespace Runbook.Http.Queues;

/// <summary>
/// <c>POST /api/queues/{target}/{queue}/clear-failed</c> and <c>.../clear-queued</c> with <c>{ "confirm": true }</c>:
/// removes the items for good, in one transaction, refused past <c>maxRows</c> (default 1,000).
/// </summary>
public sealed class QueueClearHandler(QueueOperations queues, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, new QueueClearRequest(), cancellationToken);
        var queued = caller.Path.EndsWith("/clear-queued", StringComparison.OrdinalIgnoreCase);
        var change = await queues.ClearAsync(caller.Route("target"), caller.Route("queue"), queued, body.Confirm, body.MaxRows, caller.Context, cancellationToken);
        return new JsonResult(change, ReportJson.Options);
    }
}
