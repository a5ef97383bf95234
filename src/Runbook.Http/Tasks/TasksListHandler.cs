using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Routing;
using Runbook.Reports;
using Runbook.Tasks;

namespace Runbook.Http.Tasks;

/// <summary><c>GET /api/tasks</c>: every timer, whether it runs at its next tick, and who switched it last and why.</summary>
public sealed class TasksListHandler(TaskSwitches switches, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken) =>
        new JsonResult(await switches.GetStatusAsync(cancellationToken), ReportJson.Options);
}
