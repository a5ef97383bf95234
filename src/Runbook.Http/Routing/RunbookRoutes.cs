using Runbook.Http.Health;

namespace Runbook.Http.Routing;

/// <summary>
/// The route table: every operator endpoint, once. The Functions app exposes exactly these (the catalog test
/// checks both ways), and any other host can map the same table.
/// </summary>
public static class RunbookRoutes
{
    /// <summary>All endpoints.</summary>
    public static IReadOnlyList<RunbookRoute> All { get; } =
    [
        new("HealthCheckNow", "POST", "health-check", typeof(HealthCheckHandler), KeyLevel.Function),
    ];
}
