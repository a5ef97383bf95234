using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Outbox;
using Runbook.Reports;

namespace Runbook.Http.Email;

/// <summary>
/// <c>POST /api/email/replay-failed</c> (seed 003's <c>--include-failed</c> after a bad release): the failed messages back
/// to pending for the every-minute processor, in one transaction under a row limit, audited with the caller's
/// <c>X-Runbook-Actor</c>.
/// </summary>
public sealed class EmailReplayFailedHandler(OutboxOperations outbox, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var body = await RequestBody.ReadAsync<EmailReplayFailedRequest>(request, null, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Target))
        {
            throw new InvalidRequestException("Say which outbox: \"target\" is required, for example { \"target\": \"shop\" }.");
        }

        return new JsonResult(await outbox.ReplayFailedAsync(body.Target, body.Ids, body.MaxRows, caller.Context, cancellationToken), ReportJson.Options);
    }
}
