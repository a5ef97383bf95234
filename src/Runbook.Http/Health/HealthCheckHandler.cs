using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Runbook.Health;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Reports;

namespace Runbook.Http.Health;

/// <summary>
/// <c>POST /api/health-check[?target=NAME]</c>: runs the health check now and returns the report. The
/// response is 200 whatever the findings (the check ran); the report's <c>severity</c> says how things are. When the
/// reports could not be stored it is a 500 problem whose <c>report</c> member holds the findings.
/// </summary>
public sealed class HealthCheckHandler(HealthCheckJob job, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
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
        if (report.StorageFailure is { } failure)
        {
            // The check ran but its record was lost: a server error, with the findings still in the answer.
            var problem = ProblemResults.Failed($"The health check ran ({report.Severity}) but its reports could not be stored: {failure}", request);
            ((ProblemDetails)problem.Value!).Extensions["report"] = System.Text.Json.JsonSerializer.SerializeToElement(report, ReportJson.Options);
            return problem;
        }

        return new JsonResult(report, ReportJson.Options) { StatusCode = StatusCodes.Status200OK };
    }
}
