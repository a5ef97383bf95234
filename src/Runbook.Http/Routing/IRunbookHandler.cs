using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Runbook.Http.Routing;

/// <summary>One operator endpoint, independent of the host that receives the request.</summary>
public interface IRunbookHandler
{
    /// <summary>Handles <paramref name="request"/>; errors come back as RFC 9457 problem details, never as exceptions.</summary>
    Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default);
}
