using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runbook.Http.Problems;
using Runbook.Http.Routing;

namespace Runbook.Http.Hosting;

/// <summary>
/// Maps <see cref="RunbookRoutes.All"/> under <c>/api/</c> on any ASP.NET Core host (<c>runbook serve</c>), with the same
/// handlers the Functions app calls and the Functions host's key check in front of each.
/// </summary>
public static class RunbookEndpoints
{
    /// <summary>Maps every route; a request without a valid key gets a 401 problem and reaches no handler.</summary>
    public static IEndpointRouteBuilder MapRunbookRoutes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var route in RunbookRoutes.All)
        {
            endpoints.MapMethods("/api/" + route.Route, [route.Method], context => HandleAsync(context, route));
        }

        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, RunbookRoute route)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
        IActionResult result = FunctionKeys.Refusal(context.Request, route.KeyLevel, options) is { } refusal
            ? ProblemResults.Create(StatusCodes.Status401Unauthorized, "Unauthorized", refusal, context.Request)
            : await ((IRunbookHandler)context.RequestServices.GetRequiredService(route.Handler)).HandleAsync(context.Request, context.RequestAborted);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
