using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Reports;
using Runbook.Tasks;

namespace Runbook.Http.Tasks;

/// <summary>
/// <c>POST /api/tasks/{name}/enable</c> and <c>POST /api/tasks/enable-all</c> with an optional <c>{ "reason": "..." }</c>:
/// switches one timer, or every timer, back on.
/// </summary>
public sealed class TaskEnableHandler(TaskSwitches switches, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, new TaskSwitchRequest(), cancellationToken);
        if (body.Until is not null)
        {
            throw new InvalidRequestException("\"until\" applies to disable only.");
        }

        object result = caller.RouteValues.ContainsKey("name")
            ? await switches.EnableAsync(caller.Route("name"), body.Reason, caller.Context, cancellationToken)
            : await switches.EnableAllAsync(body.Reason, caller.Context, cancellationToken);
        return new JsonResult(result, ReportJson.Options);
    }
}
