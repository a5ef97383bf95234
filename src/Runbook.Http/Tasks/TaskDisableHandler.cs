using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Reports;
using Runbook.Tasks;

namespace Runbook.Http.Tasks;

/// <summary>
/// <c>POST /api/tasks/{name}/disable</c> and <c>POST /api/tasks/disable-all</c> with <c>{ "reason": "...", "until": "..." }</c>:
/// switches one timer, or every timer, off. The answer shows each timer before and after; already off (with the same
/// <c>until</c>) is a 200 that says nothing changed.
/// </summary>
public sealed class TaskDisableHandler(TaskSwitches switches, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<TaskSwitchRequest>(request, null, cancellationToken);
        object result = caller.RouteValues.ContainsKey("name")
            ? await switches.DisableAsync(caller.Route("name"), body.Reason, body.Until, caller.Context, cancellationToken)
            : await switches.DisableAllAsync(body.Reason, body.Until, caller.Context, cancellationToken);
        return new JsonResult(result, ReportJson.Options);
    }
}
