using Microsoft.AspNetCore.Http;

namespace Runbook.Http.Routing;

/// <summary>
/// Who asked for what, resolved once per request by <see cref="RunbookHandler"/>: the one place the audit trail and the
/// caller's identity attach to.
/// </summary>
/// <param name="Operation">The handler's operation name (<c>HealthCheck</c>).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
/// <param name="TraceId">The id put in logs and problem details, so a caller's error can be found in the logs.</param>
/// <param name="Principal">The authenticated principal the platform passes (<c>X-MS-CLIENT-PRINCIPAL-NAME</c>), when App Service authentication is on.</param>
public sealed record OperatorRequest(string Operation, string Method, string Path, string TraceId, string? Principal)
{
    /// <summary>The header App Service authentication sets to the caller's name.</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>The header naming the person acting, required on every mutating call.</summary>
    public const string ActorHeader = "X-Runbook-Actor";

    /// <summary>Who says they are acting (<see cref="ActorHeader"/>), cleaned; null when not given.</summary>
    public string? Actor { get; init; }

    /// <summary>The <c>{parameter}</c> values of the route (<c>name</c> in <c>tasks/{name}/disable</c>).</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Who is acting, for the operations that record themselves in the audit trail.</summary>
    public Runbook.Audit.OperatorContext Context => new(Actor, Principal, TraceId, "http");

    /// <summary>A route value, or an empty string when the route has none by that name.</summary>
    public string Route(string name) => RouteValues.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Reads the request's identity and trace id.</summary>
    public static OperatorRequest From(HttpRequest request, string operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() is { Length: > 0 } activity && activity != new string('0', 32)
            ? activity
            : request.HttpContext.TraceIdentifier;
        var principal = Runbook.Targets.DatabaseText.FirstLine(request.Headers[PrincipalHeader].ToString());
        var actor = Runbook.Targets.DatabaseText.FirstLine(request.Headers[ActorHeader].ToString());
        return new OperatorRequest(operation, request.Method, request.Path.Value ?? string.Empty, traceId, principal.Length > 0 ? principal : null)
        {
            Actor = actor.Length > 0 ? actor : null,
        };
    }
}
