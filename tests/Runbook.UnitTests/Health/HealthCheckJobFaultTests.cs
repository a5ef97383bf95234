using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.UnitTests.Health;

/// <summary>Failure paths that have no local server to produce them: Key Vault refusing, storage refusing, cancellation.</summary>
public sealed class HealthCheckJobFaultTests
{
    private static (HealthCheckJob Job, Mock<TargetConnector> Connector, Mock<HealthReportWriter> Writer) Create(FakeTimeProvider time)
    {
        var targets = new RunbookOptions();
        targets.Targets.Add(new TargetOptions { Name = "shop", Provider = "PostgreSql", ConnectionStringSecret = "shop-db" });
        var connector = new Mock<TargetConnector>();
        var writer = new Mock<HealthReportWriter>();
        writer.SetupGet(w => w.IsConfigured).Returns(true);
        var job = new HealthCheckJob(
            Options.Create(targets),
            Options.Create(new HealthCheckOptions()),
            connector.Object,
            [new PostgreSqlHealthProbe()],
            new AppTableInspector(),
            writer.Object,
            time,
            NullLogger<HealthCheckJob>.Instance);
        return (job, connector, writer);
    }

    [Fact]
    public async Task A_refused_key_vault_secret_is_a_critical_finding_and_the_report_is_still_stored()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var (job, connector, writer) = Create(time);
        connector.Setup(c => c.OpenAsync(It.IsAny<TargetOptions>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException(403, "Caller is not authorized to perform action on resource."));
        writer.Setup(w => w.WriteAsync(It.IsAny<HealthCheckReport>(), It.IsAny<CancellationToken>())).ReturnsAsync(["reports/daily/2026/11/23/shop.json"]);

        var report = await job.RunAsync();

        var target = Assert.Single(report.Targets);
        Assert.Equal(Severity.Critical, target.Severity);
        Assert.Contains("not authorized", target.Findings.Single().Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), report.StartedAt);
        Assert.Equal(["reports/daily/2026/11/23/shop.json"], report.ReportLocations);
    }

    [Fact]
    public async Task A_storage_failure_fails_the_run_instead_of_passing_silently()
    {
        var (job, connector, writer) = Create(new FakeTimeProvider());
        connector.Setup(c => c.OpenAsync(It.IsAny<TargetOptions>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("Could not connect to target 'shop' within 10 s."));
        writer.Setup(w => w.WriteAsync(It.IsAny<HealthCheckReport>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException(503, "Server busy"));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => job.RunAsync());
    }

    [Fact]
    public async Task Cancellation_is_not_mistaken_for_an_unreachable_target()
    {
        var (job, connector, _) = Create(new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        connector.Setup(c => c.OpenAsync(It.IsAny<TargetOptions>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException(cancel.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(cancellationToken: cancel.Token));
    }
}
