using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Audit;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Reports;

namespace Runbook.Http.Audit;

/// <summary>
/// <c>GET /api/audit?since=2h&amp;until=...&amp;operation=tasks.disable&amp;target=health-check</c>: the audit records of a
/// window (default the last 24 hours), oldest first.
/// </summary>
public sealed class AuditListHandler(AuditTrail audit, RunbookHandlerServices services) : RunbookHandler(services)
{
    private readonly TimeProvider _time = services.Time;

    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        foreach (var key in request.Query.Keys.Where(k => k is not ("since" or "until" or "operation" or "target")))
        {
            return ProblemResults.BadRequest($"Unknown query parameter '{key}': use since, until, operation and target.", request);
        }

        var now = _time.GetUtcNow();
        var since = AuditWindow.Parse(Single(request, "since"), "since", now, now.AddHours(-24));
        var until = AuditWindow.Parse(Single(request, "until"), "until", now, now);
        var records = await audit.ReadAsync(since, until, AuditWindow.Filter(Single(request, "operation"), "operation"), AuditWindow.Filter(Single(request, "target"), "target"), cancellationToken);
        return new JsonResult(records, ReportJson.Options);
    }

    private static string? Single(HttpRequest request, string name) =>
        request.Query[name].Count > 1 ? throw new Runbook.Operations.InvalidRequestException($"Give '{name}' at most once.") : request.Query[name].FirstOrDefault();
}
