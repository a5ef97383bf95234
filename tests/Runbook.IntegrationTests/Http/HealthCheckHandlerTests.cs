using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Runbook.Health;
using Runbook.Http;
using Runbook.Http.Health;
using Runbook.Http.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Runbook.Reports;

namespace Runbook.IntegrationTests.Http;

public sealed class HealthCheckHandlerTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static HttpRequest Post(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/health-check";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop)))
            .Build();
        return new ServiceCollection().AddSingleton(services.Clock).AddRunbookCore(configuration).AddRunbookHttp().BuildServiceProvider();
    }

    [Fact]
    public async Task Post_runs_the_check_and_returns_the_report()
    {
        await using var sp = Build();

        var result = await sp.GetRequiredService<HealthCheckHandler>().HandleAsync(Post("?target=shop"));

        var json = Assert.IsType<JsonResult>(result);
        Assert.Equal(StatusCodes.Status200OK, json.StatusCode);
        var report = Assert.IsType<HealthCheckReport>(json.Value);
        Assert.Equal(10, report.Targets.Single().ErrorLog!.ErrorCount);
        Assert.Contains("\"severity\": \"Warning\"", JsonSerializer.Serialize(report, ReportJson.Options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?target=nope", 404, "No target is named 'nope'")]
    [InlineData("?target=shop;drop", 400, "must be a configured target name")]
    [InlineData("?target=shop&target=other", 400, "at most one 'target'")]
    public async Task Bad_requests_get_problem_details(string query, int status, string detail)
    {
        await using var sp = Build();

        var result = await sp.GetRequiredService<HealthCheckHandler>().HandleAsync(Post(query));

        AssertProblem(result, status, detail);
    }

    [Fact]
    public async Task A_failing_job_becomes_a_500_problem()
    {
        var job = new Mock<HealthCheckJob>();
        job.Setup(j => j.RunAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException(403, "This request is not authorized to perform this operation."));

        var result = await new HealthCheckHandler(job.Object, new RunbookHandlerServices(NullLoggerFactory.Instance, TimeProvider.System, [])).HandleAsync(Post(string.Empty));

        AssertProblem(result, 500, "not authorized");
    }

    private static void AssertProblem(IActionResult result, int status, string detail)
    {
        var objectResult = Assert.IsType<ObjectResult>(result);
        Assert.Equal(status, objectResult.StatusCode);
        Assert.Contains("application/problem+json", objectResult.ContentTypes);
        var problem = Assert.IsType<ProblemDetails>(objectResult.Value);
        Assert.Equal(status, problem.Status);
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        Assert.Equal("/api/health-check", problem.Instance);
    }
}
