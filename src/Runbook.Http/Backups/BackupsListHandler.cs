using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Runbook.Backups;
using Runbook.Http.Routing;
using Runbook.Operations;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.Http.Backups;

/// <summary><c>GET /api/backups[?target=shop]</c>: the backups in storage, newest first, with tier, size, verification and pin.</summary>
public sealed class BackupsListHandler(BackupStore store, IOptions<RunbookOptions> targets, RunbookHandlerServices services) : RunbookHandler(services)
{
    /// <inheritdoc />
    protected override async Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.Keys.FirstOrDefault(k => k != "target") is { } unknown)
        {
            throw new InvalidRequestException($"Unknown query parameter '{unknown}': use target=NAME.");
        }

        var target = request.Query["target"].FirstOrDefault() is { } name ? targets.Value.GetTarget(name).Name : null;
        if (!store.IsConfigured)
        {
            throw new InvalidOperationException(ReportStorageOptions.NotConfiguredMessage);
        }

        return new JsonResult(await store.ListAsync(target, cancellationToken), ReportJson.Options);
    }
}
