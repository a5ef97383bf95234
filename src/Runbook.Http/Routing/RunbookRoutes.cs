using Runbook.Http.Audit;
using Runbook.Http.Health;
using Runbook.Http.Tasks;

namespace Runbook.Http.Routing;

/// <summary>
/// The route table: every operator endpoint, once (a handler may serve more than one). The Functions app exposes exactly these (the catalog test
/// checks both ways), and any other host can map the same table.
/// </summary>
public static class RunbookRoutes
{
    /// <summary>All endpoints.</summary>
    public static IReadOnlyList<RunbookRoute> All { get; } =
    [
        new("HealthCheckNow", "POST", "health-check", typeof(HealthCheckHandler), KeyLevel.Function),
        new("TasksList", "GET", "tasks", typeof(TasksListHandler), KeyLevel.Function),
        new("TaskDisable", "POST", "tasks/{name}/disable", typeof(TaskDisableHandler), KeyLevel.Function, Mutates: true),
        new("TaskEnable", "POST", "tasks/{name}/enable", typeof(TaskEnableHandler), KeyLevel.Function, Mutates: true),
        new("TasksDisableAll", "POST", "tasks/disable-all", typeof(TaskDisableHandler), KeyLevel.Function, Mutates: true),
        new("AuditList", "GET", "audit", typeof(AuditListHandler), KeyLevel.Function),
        new("TasksEnableAll", "POST", "tasks/enable-all", typeof(TaskEnableHandler), KeyLevel.Function, Mutates: true),
    ];
}
