using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Health;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Reports;

namespace Runbook.Http.Health;

/// <summary>
/// <c>POST /api/health-check[?target=NAME]</c>: runs the health check now and returns the report. The
/// response is 200 whatever the findings (the check ran); the report's <c>severity</c> says how things are.
/// </summary>
public sealed class HealthCheckHandler(HealthCheckJob job) : RunbookHandler
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var targets = request.Query["target"];
        if (targets.Count > 1)
        {
            return ProblemResults.BadRequest("Give at most one 'target' query parameter, or none to check every target.", request);
        }

        var target = targets.Count == 1 ? targets[0] : null;
        if (target is not null && (target.Length is 0 or > 63 || !target.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return ProblemResults.BadRequest("The 'target' query parameter must be a configured target name (letters, digits, '-' and '_').", request);
        }

        var report = await job.RunAsync(target, cancellationToken);
        return new JsonResult(report, ReportJson.Options) { StatusCode = StatusCodes.Status200OK };
    }
}
