using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Tasks;

namespace Runbook.Functions.Tasks;

/// <summary>Switching the timers off and on during an incident (seed 000 §1), with a function key.</summary>
public sealed class TasksFunctions(TasksListHandler list, TaskDisableHandler disable, TaskEnableHandler enable)
{
    /// <summary><c>GET /api/tasks</c>.</summary>
    [Function("TasksList")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "tasks")] HttpRequest request, CancellationToken cancellationToken)
        => list.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/tasks/{name}/disable</c>.</summary>
    [Function("TaskDisable")]
    public Task<IActionResult> DisableAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "tasks/{name}/disable")] HttpRequest request, CancellationToken cancellationToken)
        => disable.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/tasks/{name}/enable</c>.</summary>
    [Function("TaskEnable")]
    public Task<IActionResult> EnableAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "tasks/{name}/enable")] HttpRequest request, CancellationToken cancellationToken)
        => enable.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/tasks/disable-all</c>.</summary>
    [Function("TasksDisableAll")]
    public Task<IActionResult> DisableAllAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "tasks/disable-all")] HttpRequest request, CancellationToken cancellationToken)
        => disable.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/tasks/enable-all</c>.</summary>
    [Function("TasksEnableAll")]
    public Task<IActionResult> EnableAllAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "tasks/enable-all")] HttpRequest request, CancellationToken cancellationToken)
        => enable.HandleAsync(request, cancellationToken);
}
