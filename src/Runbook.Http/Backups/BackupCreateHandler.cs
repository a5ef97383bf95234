using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Runbook.Backups;
using Runbook.Http.Problems;
using Runbook.Http.Routing;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.Http.Backups;

/// <summary>
/// <c>POST /api/backups</c> with <c>{ "target": "shop" }</c> (or <c>{}</c> for every target): backs up now into the backups
/// container and verifies, like the timer but without pruning; answers with what was stored. It runs within the request,
/// so a backup longer than the HTTP front end's limit (230 s in Azure) belongs to the timer or <c>runbook backup create</c>.
/// </summary>
public sealed class BackupCreateHandler(BackupJob backups, IOptions<RunbookOptions> targets, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var body = await RequestBody.ReadAsync(request, new BackupCreateRequest(), cancellationToken);
        var names = body.Target is { } one ? [targets.Value.GetTarget(one).Name] : targets.Value.Targets.Select(t => t.Name).ToList();
        var results = new List<BackupResult>();
        foreach (var name in names)
        {
            results.Add(await backups.CreateAsync(name, body.Compression, caller.Context, progress: null, cancellationToken));
        }

        return new JsonResult(results, ReportJson.Options);
    }
}
