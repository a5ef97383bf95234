using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Routing;
using Runbook.Queues;
using Runbook.Reports;

namespace Runbook.Http.Queues;

/// <summary><c>GET /api/queues</c>: every configured queue of every target with its depth per status, oldest age and stuck count.</summary>
public sealed class QueuesListHandler(QueueOperations queues, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken) =>
        new JsonResult(await queues.ListAsync(cancellationToken), ReportJson.Options);
}
