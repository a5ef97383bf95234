using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Outbox;
using Runbook.Reports;

namespace Runbook.Http.Email;

/// <summary>
/// <c>GET /api/email/status[?target=shop]</c>: every enabled outbox (or one) with its counts by status and the oldest
/// pending message's age (seed 003's "queue health snapshot"); an outbox that cannot be read says why.
/// </summary>
public sealed class EmailStatusHandler(OutboxOperations outbox, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.Keys.FirstOrDefault(k => k != "target") is { } unknown)
        {
            throw new InvalidRequestException($"Unknown query parameter '{unknown}': use target=NAME.");
        }

        return new JsonResult(await outbox.StatusAsync(request.Query["target"].FirstOrDefault(), cancellationToken), ReportJson.Options);
    }
}
