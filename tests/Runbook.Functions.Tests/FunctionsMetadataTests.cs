using System.Text.Json;
using Runbook.Http.Routing;
using Runbook.Scheduling;

namespace Runbook.Functions.Tests;

/// <summary>Runs only where the real app was built (GitHub Actions sets RUNBOOK_FUNCTIONS_METADATA); skipped, not passed, elsewhere.</summary>
public sealed class FactWhenAppBuiltAttribute : FactAttribute
{
    public FactWhenAppBuiltAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RUNBOOK_FUNCTIONS_METADATA")))
        {
            Skip = "Set RUNBOOK_FUNCTIONS_METADATA to the functions.metadata of a real build (the worker packages restore only from nuget.org).";
        }
    }
}

public sealed class FunctionsMetadataTests
{
    // The documented shape of functions.metadata, built from the tables themselves: what a correct build writes.
    private static List<Dictionary<string, object>> Expected() =>
    [
        .. RunbookRoutes.All.Select(r => new Dictionary<string, object>
        {
            ["name"] = r.FunctionName,
            ["scriptFile"] = "Runbook.Functions.dll",
            ["language"] = "dotnet-isolated",
            ["bindings"] = new object[]
            {
                new Dictionary<string, object> { ["name"] = "request", ["direction"] = "In", ["type"] = "httpTrigger", ["authLevel"] = r.KeyLevel.ToString(), ["methods"] = new[] { r.Method.ToLowerInvariant() }, ["route"] = r.Route },
                new Dictionary<string, object> { ["name"] = "$return", ["direction"] = "Out", ["type"] = "http" },
            },
        }),
        .. JobSchedules.All.Select(s => new Dictionary<string, object>
        {
            ["name"] = s.FunctionName,
            ["scriptFile"] = "Runbook.Functions.dll",
            ["language"] = "dotnet-isolated",
            ["bindings"] = new object[] { new Dictionary<string, object> { ["name"] = "timer", ["direction"] = "In", ["type"] = "timerTrigger", ["schedule"] = s.TriggerExpression } },
        }),
    ];

    [Fact]
    public void Metadata_that_matches_the_tables_passes()
    {
        Assert.Empty(FunctionsMetadataChecker.Check(JsonSerializer.Serialize(Expected()), RunbookRoutes.All, JobSchedules.All));
    }

    [Theory]
    [InlineData("authLevel", "Anonymous", "has authLevel 'Anonymous' but the route table says Function")]
    [InlineData("route", "health", "has route \"health\" but the route table says \"health-check\"")]
    [InlineData("schedule", "0 0 9 * * *", "has schedule \"0 0 9 * * *\" but the schedule table says \"%RUNBOOK_HEALTH_CHECK_SCHEDULE%\"")]
    public void Drifted_metadata_is_reported(string property, string value, string expected)
    {
        var metadata = Expected();
        foreach (var binding in metadata.SelectMany(f => (object[])f["bindings"]).Cast<Dictionary<string, object>>().Where(b => b.ContainsKey(property)))
        {
            binding[property] = value;
        }

        Assert.Contains(FunctionsMetadataChecker.Check(JsonSerializer.Serialize(metadata), RunbookRoutes.All, JobSchedules.All), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_missing_from_the_build_is_reported()
    {
        var metadata = Expected().Where(f => (string)f["name"] != "HealthCheckNow").ToList();

        Assert.Contains("functions.metadata: route table function 'HealthCheckNow' was not built.", FunctionsMetadataChecker.Check(JsonSerializer.Serialize(metadata), RunbookRoutes.All, JobSchedules.All));
    }

    [FactWhenAppBuilt]
    public void The_built_app_metadata_matches_the_tables()
    {
        var json = File.ReadAllText(Environment.GetEnvironmentVariable("RUNBOOK_FUNCTIONS_METADATA")!);

        Assert.Empty(FunctionsMetadataChecker.Check(json, RunbookRoutes.All, JobSchedules.All));
    }
}
