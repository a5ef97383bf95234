namespace Runbook.Functions.Tests;

/// <summary>The compile test: the app's sources compile against Core, Http and the worker stand-ins.</summary>
public sealed class CompileTests
{
    [Fact]
    public void The_app_compiles_against_core_http_and_the_stand_ins()
    {
        var diagnostics = AppCompiler.Compile(RepositoryPaths.FunctionsSources());

        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Theory]
    [InlineData("await timers.RunAsync(JobSchedules.HealthCheck, timer.IsPastDue, cancellationToken);", "await timers.RunAsync(timer, cancellationToken);", "CS1503")]
    [InlineData("await timers.RunAsync(JobSchedules.HealthCheck, timer.IsPastDue, cancellationToken);", "await timers.RunNowAsync(cancellationToken);", "CS1061")]
    [InlineData("=> handler.HandleAsync(request, cancellationToken);", "=> handler.HandleAsync(cancellationToken);", "CS1503")]
    [InlineData(".AddRunbookHttp();", ".AddRunbookHttpHandlers();", "CS1061")]
    public void A_wrong_call_into_core_or_http_fails_to_compile(string original, string replacement, string expectedError)
    {
        var diagnostics = AppCompiler.Compile(FunctionCatalogTests.Mutate(original, replacement));

        Assert.Contains(diagnostics, d => d.Id == expectedError);
    }
}
