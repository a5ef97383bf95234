namespace Runbook.Audit;

/// <summary>Who is acting and through what: carried into every mutating operation so that it records itself.</summary>
/// <param name="Actor">The person, as they said (<c>X-Runbook-Actor</c>, <c>--actor</c>), or the timer's name.</param>
/// <param name="Principal">The authenticated principal the platform vouches for, when there is one.</param>
/// <param name="RequestId">The HTTP trace id, the CLI's invocation id, or the timer tick's id.</param>
/// <param name="Channel">http, cli or timer.</param>
public sealed record OperatorContext(string? Actor, string? Principal, string RequestId, string Channel)
{
    /// <summary>A context for one CLI invocation.</summary>
    public static OperatorContext Cli(string? actor) => new(actor, null, Guid.NewGuid().ToString("N"), "cli");

    /// <summary>A context for one timer tick.</summary>
    public static OperatorContext Timer(string task) => new("timer:" + task, null, Guid.NewGuid().ToString("N"), "timer");
}
