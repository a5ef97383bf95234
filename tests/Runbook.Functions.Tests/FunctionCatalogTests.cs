using Runbook.Http.Routing;
using Runbook.Scheduling;

namespace Runbook.Functions.Tests;

/// <summary>The Roslyn catalog test: the app's functions match the route table and the schedules, both ways.</summary>
public sealed class FunctionCatalogTests
{
    private static IReadOnlyList<string> CheckSources(IReadOnlyDictionary<string, string> sources, string? sampleSettings = null) =>
        CatalogChecker.Check(
            FunctionCatalog.Read(FunctionCatalog.Parse(sources)),
            RunbookRoutes.All,
            JobSchedules.All,
            CatalogChecker.ReadSampleSettings(sampleSettings ?? File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))));

    [Fact]
    public void The_app_exposes_exactly_the_route_table_and_the_schedules()
    {
        var functions = FunctionCatalog.Read(FunctionCatalog.Parse(RepositoryPaths.FunctionsSources()));

        var problems = CheckSources(RepositoryPaths.FunctionsSources());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(RunbookRoutes.All.Count + JobSchedules.All.Count, functions.Count);
        Assert.All(RunbookRoutes.All, r => Assert.Contains(functions, f => f.Name == r.FunctionName && f.Route == r.Route));
    }

    [Fact]
    public void The_health_check_is_a_daily_timer_and_a_keyed_post()
    {
        var functions = FunctionCatalog.Read(FunctionCatalog.Parse(RepositoryPaths.FunctionsSources()));

        var timer = Assert.Single(functions, f => f.Name == JobSchedules.HealthCheck.FunctionName);
        Assert.Equal("timer", timer.Trigger);
        Assert.Equal("%RUNBOOK_HEALTH_CHECK_SCHEDULE%", timer.Schedule);
        var http = Assert.Single(functions, f => f.Name == "HealthCheckNow");
        Assert.Equal(("health-check", "Function"), (http.Route, http.AuthorizationLevel));
        Assert.Equal(["POST"], http.Methods);
    }

    public static TheoryData<string, string, string> Drifts => new()
    {
        { "AuthorizationLevel.Function", "AuthorizationLevel.Anonymous", "uses AuthorizationLevel.Anonymous; operator endpoints must demand a key" },
        { "AuthorizationLevel.Function", "AuthorizationLevel.Admin", "uses AuthorizationLevel.Admin but the route table says Function" },
        { "Route = \"health-check\"", "Route = \"health-checks\"", "has Route \"health-checks\" but the route table says \"health-check\"" },
        { "\"post\"", "\"get\"", "accepts [GET] but the route table says POST" },
        { "\"post\"", "\"post\", \"get\"", "accepts [POST, GET] but the route table says POST" },
        { "[Function(\"HealthCheckNow\")]", "[Function(\"HealthCheckRun\")]", "Function 'HealthCheckRun'" },
        { "[Function(\"HealthCheckNow\")]", "[Function(\"HealthCheckRun\")]", "names function 'HealthCheckNow', but no HTTP function has that name" },
        { "%RUNBOOK_HEALTH_CHECK_SCHEDULE%", "0 0 9 * * *", "must read the app setting \"%RUNBOOK_HEALTH_CHECK_SCHEDULE%\"" },
        { "%RUNBOOK_HEALTH_CHECK_SCHEDULE%", "%RUNBOOK_HEALTHCHECK%", "must read the app setting" },
        { "[Function(\"HealthCheckTimer\")]", "[Function(\"DailyCheck\")]", "Schedule table entry 'HealthCheckTimer' has no timer function" },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public void A_drift_from_the_tables_is_reported(string original, string replacement, string expected)
    {
        var sources = Mutate(original, replacement);

        var problems = CheckSources(sources);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_defined_twice_is_reported()
    {
        var sources = RepositoryPaths.FunctionsSources().ToDictionary();
        var (path, text) = sources.First(s => s.Value.Contains("[Function(\"HealthCheckNow\")]", StringComparison.Ordinal));
        var copy = text.Replace("class HealthCheckFunctions", "class HealthCheckFunctionsCopy", StringComparison.Ordinal)
            .Replace("[Function(\"HealthCheckTimer\")]", "[Function(\"HealthCheckTimerCopy\")]", StringComparison.Ordinal)
            .Replace("[Function(\"HealthCheckNow\")]", "[Function(\"HealthCheckNowCopy\")]", StringComparison.Ordinal);
        sources[path + ".copy.cs"] = copy;

        var problems = CheckSources(sources);

        Assert.Contains(problems, p => p.StartsWith("Route 'POST health-check' is defined twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'HealthCheckNowCopy'", StringComparison.Ordinal) && p.Contains("not in the route table", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0 9 * * *", "not a valid six-field NCRONTAB expression")]
    [InlineData("0 0 25 * * *", "not a valid six-field NCRONTAB expression")]
    [InlineData("every day", "not a valid six-field NCRONTAB expression")]
    [InlineData("0 30 9 * * *", "but the schedule table's default is \"0 0 9 * * *\"")]
    public void A_bad_or_drifting_schedule_default_is_reported(string schedule, string expected)
    {
        var settings = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))
            .Replace("\"RUNBOOK_HEALTH_CHECK_SCHEDULE\": \"0 0 9 * * *\"", $"\"RUNBOOK_HEALTH_CHECK_SCHEDULE\": \"{schedule}\"", StringComparison.Ordinal);

        var problems = CheckSources(RepositoryPaths.FunctionsSources(), settings);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_schedule_default_is_valid_ncrontab()
    {
        Assert.All(JobSchedules.All, s => Assert.True(CatalogChecker.IsNcrontab(s.DefaultSchedule), s.DefaultSchedule));
        Assert.False(CatalogChecker.IsNcrontab("0 9 * * *"));
    }

    internal static Dictionary<string, string> Mutate(string original, string replacement)
    {
        var sources = RepositoryPaths.FunctionsSources().ToDictionary();
        // The health check's functions are the reference: other files may hold the same text.
        var (path, text) = sources.Where(s => s.Value.Contains(original, StringComparison.Ordinal))
            .OrderBy(s => s.Key.Contains("HealthCheckFunctions", StringComparison.Ordinal) ? 0 : 1).First();
        sources[path] = text.Replace(original, replacement, StringComparison.Ordinal);
        return sources;
    }
}
