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
using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task A_5xx_is_logged_with_its_exception_carries_a_trace_id_and_reaches_the_observers()
    {
        var job = new Mock<HealthCheckJob>();
        var failure = new InvalidOperationException("the vault said no");
        job.Setup(j => j.RunAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var observer = new Mock<IOperatorRequestObserver>();
        var request = Post(string.Empty);
        request.HttpContext.TraceIdentifier = "trace-0042";
        request.Headers[OperatorRequest.PrincipalHeader] = "oncall@example.com";

        var result = await new HealthCheckHandler(job.Object, new RunbookHandlerServices(loggers, TimeProvider.System, [observer.Object])).HandleAsync(request);

        var problem = (ProblemDetails)Assert.IsType<ObjectResult>(result).Value!;
        Assert.Equal("trace-0042", problem.Extensions["traceId"]);
        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Same(failure, entry.Exception);
        Assert.Contains("HealthCheck answered 500 (trace trace-0042): the vault said no", entry.Message, StringComparison.Ordinal);
        observer.Verify(o => o.OnCompletedAsync(
            It.Is<OperatorRequest>(r => r.Operation == "HealthCheck" && r.TraceId == "trace-0042" && r.Principal == "oncall@example.com" && r.Path == "/api/health-check"),
            500, It.IsAny<TimeSpan>(), failure, It.IsAny<CancellationToken>()), Times.Once());
    }

    [Fact]
    public async Task Reports_that_could_not_be_stored_are_a_500_that_still_carries_the_findings()
    {
        var job = new Mock<HealthCheckJob>();
        var report = new HealthCheckReport { StartedAt = DateTimeOffset.UnixEpoch, CompletedAt = DateTimeOffset.UnixEpoch, Targets = [], StorageFailure = "Server busy" };
        job.Setup(j => j.RunAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(report);

        var result = await new HealthCheckHandler(job.Object, new RunbookHandlerServices(NullLoggerFactory.Instance, TimeProvider.System, [])).HandleAsync(Post(string.Empty));

        AssertProblem(result, 500, "reports could not be stored: Server busy");
        var stored = Assert.IsType<JsonElement>(((ProblemDetails)((ObjectResult)result).Value!).Extensions["report"]);
        Assert.Equal("Normal", stored.GetProperty("severity").GetString());
        Assert.Equal("Server busy", stored.GetProperty("storageFailure").GetString());
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_a_503_with_retry_after_never_a_500()
    {
        var job = new Mock<HealthCheckJob>();
        job.Setup(j => j.RunAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Runbook.Targets.TargetConnectException("shop", "no connection within 10 s (Runbook:HealthCheck:ConnectTimeout)"));
        var request = Post(string.Empty);

        var result = await new HealthCheckHandler(job.Object, new RunbookHandlerServices(NullLoggerFactory.Instance, TimeProvider.System, [])).HandleAsync(request);

        AssertProblem(result, 503, "Target 'shop' could not be reached: no connection within 10 s");
        Assert.Equal("30", request.HttpContext.Response.Headers.RetryAfter.ToString());
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries)
                {
                    owner.Entries.Add((logLevel, formatter(state, exception), exception));
                }
            }
        }
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
        Assert.True(problem.Extensions.ContainsKey("traceId"));
    }
}
