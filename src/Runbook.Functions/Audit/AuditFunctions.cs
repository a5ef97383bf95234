using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Runbook.Http.Audit;

namespace Runbook.Functions.Audit;

/// <summary>Reading the audit trail, with a function key.</summary>
public sealed class AuditFunctions(AuditListHandler list)
{
    /// <summary><c>GET /api/audit?since=&amp;until=&amp;operation=&amp;target=</c>.</summary>
    [Function("AuditList")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit")] HttpRequest request, CancellationToken cancellationToken)
        => list.HandleAsync(request, cancellationToken);
}
