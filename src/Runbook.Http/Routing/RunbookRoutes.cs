using Runbook.Http.Audit;
using Runbook.Http.Backups;
using Runbook.Http.Email;
using Runbook.Http.Health;
using Runbook.Http.Promotions;
using Runbook.Http.Queues;
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
        new("PromotionsList", "GET", "promotions/{target}", typeof(PromotionsListHandler), KeyLevel.Function),
        new("PromotionDeactivate", "POST", "promotions/{target}/{id}/deactivate", typeof(PromotionDeactivateHandler), KeyLevel.Function, Mutates: true),
        new("PromotionsDeactivateActive", "POST", "promotions/{target}/deactivate-active", typeof(PromotionDeactivateHandler), KeyLevel.Function, Mutates: true),
        new("QueuesList", "GET", "queues", typeof(QueuesListHandler), KeyLevel.Function),
        new("QueueItems", "GET", "queues/{target}/{queue}/items", typeof(QueueItemsHandler), KeyLevel.Function),
        new("QueueRequeueFailed", "POST", "queues/{target}/{queue}/requeue-failed", typeof(QueueRequeueHandler), KeyLevel.Function, Mutates: true),
        new("QueueRequeueItem", "POST", "queues/{target}/{queue}/items/{id}/requeue", typeof(QueueRequeueHandler), KeyLevel.Function, Mutates: true),
        new("QueueClearFailed", "POST", "queues/{target}/{queue}/clear-failed", typeof(QueueClearHandler), KeyLevel.Function, Mutates: true),
        new("QueueClearQueued", "POST", "queues/{target}/{queue}/clear-queued", typeof(QueueClearHandler), KeyLevel.Function, Mutates: true),
        new("TasksEnableAll", "POST", "tasks/enable-all", typeof(TaskEnableHandler), KeyLevel.Function, Mutates: true),
        new("BackupsList", "GET", "backups", typeof(BackupsListHandler), KeyLevel.Function),
        new("BackupCreate", "POST", "backups", typeof(BackupCreateHandler), KeyLevel.Function, Mutates: true),
        new("EmailStatus", "GET", "email/status", typeof(EmailStatusHandler), KeyLevel.Function),
        new("EmailReplayFailed", "POST", "email/replay-failed", typeof(EmailReplayFailedHandler), KeyLevel.Function, Mutates: true),
    ];
}
