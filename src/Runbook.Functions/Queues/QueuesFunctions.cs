using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Queues;

namespace Runbook.Functions.Queues;

/// <summary>Seed 004's queue buttons (list, items, requeue, clear), with a function key.</summary>
public sealed class QueuesFunctions(QueuesListHandler list, QueueItemsHandler items, QueueRequeueHandler requeue, QueueClearHandler clear)
{
    /// <summary><c>GET /api/queues</c>.</summary>
    [Function("QueuesList")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "queues")] HttpRequest request, CancellationToken cancellationToken)
        => list.HandleAsync(request, cancellationToken);

    /// <summary><c>GET /api/queues/{target}/{queue}/items</c>.</summary>
    [Function("QueueItems")]
    public Task<IActionResult> ItemsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "queues/{target}/{queue}/items")] HttpRequest request, CancellationToken cancellationToken)
        => items.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/queues/{target}/{queue}/requeue-failed</c>.</summary>
    [Function("QueueRequeueFailed")]
    public Task<IActionResult> RequeueFailedAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "queues/{target}/{queue}/requeue-failed")] HttpRequest request, CancellationToken cancellationToken)
        => requeue.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/queues/{target}/{queue}/items/{id}/requeue</c>.</summary>
    [Function("QueueRequeueItem")]
    public Task<IActionResult> RequeueItemAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "queues/{target}/{queue}/items/{id}/requeue")] HttpRequest request, CancellationToken cancellationToken)
        => requeue.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/queues/{target}/{queue}/clear-failed</c>.</summary>
    [Function("QueueClearFailed")]
    public Task<IActionResult> ClearFailedAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "queues/{target}/{queue}/clear-failed")] HttpRequest request, CancellationToken cancellationToken)
        => clear.HandleAsync(request, cancellationToken);

    /// <summary><c>POST /api/queues/{target}/{queue}/clear-queued</c>.</summary>
    [Function("QueueClearQueued")]
    public Task<IActionResult> ClearQueuedAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "queues/{target}/{queue}/clear-queued")] HttpRequest request, CancellationToken cancellationToken)
        => clear.HandleAsync(request, cancellationToken);
}
