namespace Runbook.Functions.Tests;

/// <summary>The thin-layer test: functions only delegate.</summary>
public sealed class ThinLayerTests
{
    private static IReadOnlyList<string> CheckSources(IReadOnlyDictionary<string, string> sources) =>
        ThinLayerChecker.Check(FunctionCatalog.Read(FunctionCatalog.Parse(sources)));

    [Fact]
    public void Every_function_only_delegates()
    {
        var problems = CheckSources(RepositoryPaths.FunctionsSources());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    public static TheoryData<string, string> Growths => new()
    {
        { "foreach (var i in new[] { 1, 2 }) { }", "contains a loop" },
        { "if (timer.IsPastDue) { return; }", "contains a branch" },
        { "try { } catch (Exception) { }", "contains a try/catch" },
        { "var sql = \"DELETE FROM queue WHERE status = 'failed'\";", "contains SQL" },
        { "var a = 1; var b = 2;", "statements; a function may hold at most 2" },
        { "var copy = new List<int>();", "contains object creation" },
    };

    [Theory]
    [MemberData(nameof(Growths))]
    public void A_function_that_grows_logic_is_reported(string statement, string expected)
    {
        var sources = FunctionCatalogTests.Mutate(
            "await timers.RunAsync(JobSchedules.HealthCheck, timer.IsPastDue, cancellationToken);",
            statement + "\n        await timers.RunAsync(JobSchedules.HealthCheck, timer.IsPastDue, cancellationToken);");

        var problems = CheckSources(sources);

        Assert.Contains(problems, p => p.Contains("HealthCheckTimer", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }
}
