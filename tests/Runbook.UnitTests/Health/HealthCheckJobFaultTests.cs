using System.Data;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Npgsql;
using Runbook.Health;
using Runbook.Health.ServerChecks;
using Runbook.Targets;

namespace Runbook.UnitTests.Health;

/// <summary>
/// Failure paths injected through mocks: any read of one target failing, Key Vault refusing, storage refusing,
/// cancellation. The real servers' faults (resets, freezes, locks) are in the integration tests.
/// </summary>
public sealed class HealthCheckJobFaultTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly Mock<TargetSessionFactory> _sessions = new();
    private readonly Mock<IServerHealthProbe> _probe = new();
    private readonly Mock<IServerCheck> _check = new();
    private readonly Mock<IServerCheckSet> _checks = new();
    private readonly Mock<AppTableInspector> _inspector = new();
    private readonly Mock<HealthReportWriter> _writer = new();
    private readonly RunbookOptions _targets = new();
    private readonly Dictionary<string, DbConnection> _connections = [];

    public HealthCheckJobFaultTests()
    {
        _writer.SetupGet(w => w.IsConfigured).Returns(true);
        _writer.Setup(w => w.WriteAsync(It.IsAny<HealthCheckReport>(), It.IsAny<CancellationToken>())).ReturnsAsync(["reports/daily/2026/11/23/a.json"]);
        foreach (var name in new[] { "a", "b" })
        {
            var target = new TargetOptions { Name = name, Provider = "PostgreSql", ConnectionString = "Host=db", ErrorLog = new ErrorLogTableOptions { Table = "error_log" } };
            target.Queues.Add(new QueueTableOptions { Table = "email_outbox" });
            _targets.Targets.Add(target);
            var connection = new Mock<DbConnection>();
            connection.SetupGet(c => c.State).Returns(ConnectionState.Open);
            connection.SetupGet(c => c.ServerVersion).Returns("15.4");
            _connections[name] = connection.Object;
        }

        _check.SetupGet(c => c.Name).Returns("wraparound");
        _check.SetupGet(c => c.Description).Returns("transaction-ID ages (pg_database)");
        _check.SetupGet(c => c.RequiredGrant).Returns("GRANT pg_monitor TO <the check's user>");
        _check.Setup(c => c.RunAsync(It.IsAny<DbConnection>(), It.IsAny<HealthCheckOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ServerCheckResult("wraparound", Severity.Normal, "Oldest transaction-ID age: shop at 0.01%.", []));
        _checks.SetupGet(c => c.Checks).Returns([_check.Object]);
        var providerServices = new ServiceCollection()
            .AddKeyedSingleton(DatabaseProvider.PostgreSql, _probe.Object)
            .AddKeyedSingleton(DatabaseProvider.PostgreSql, _checks.Object)
            .BuildServiceProvider();
        _sessions.Setup(s => s.OpenAsync(It.IsAny<TargetOptions>(), It.IsAny<TargetSessionOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TargetOptions t, TargetSessionOptions _, CancellationToken _) => new TargetSession(t, new PostgreSqlDialect(), _connections[t.Name], providerServices));
        _probe.Setup(p => p.MeasureLatencyAsync(It.IsAny<DbConnection>(), It.IsAny<HealthCheckOptions>(), It.IsAny<TimeProvider>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(TimeSpan.FromMilliseconds(2));
        _probe.Setup(p => p.ReadAsync(It.IsAny<DbConnection>(), It.IsAny<HealthCheckOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ServerStatistics { ConnectionsInUse = 3, MaxConnections = 100, SlowStatements = new SlowStatements(true, null, []) });
        _inspector.Setup(i => i.ReadErrorLogAsync(It.IsAny<TargetSession>(), It.IsAny<ErrorLogTableOptions>(), It.IsAny<string>(), It.IsAny<HealthCheckOptions>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ErrorLogSummary("error_log", TimeSpan.FromDays(1), 0, 0, []));
        _inspector.Setup(i => i.ReadQueueAsync(It.IsAny<TargetSession>(), It.IsAny<QueueTableOptions>(), It.IsAny<string>(), It.IsAny<HealthCheckOptions>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new QueueHealth("email_outbox", "email_outbox", [new QueueStatusDepth("pending", 0, null)], 0, TimeSpan.FromMinutes(10)));
    }

    private HealthCheckJob Job => new(
        Options.Create(_targets), Options.Create(new HealthCheckOptions()), _sessions.Object, _inspector.Object, _writer.Object, _time, NullLogger<HealthCheckJob>.Instance);

    private DbConnection ConnectionOf(string target) => _connections[target];

    public static TheoryData<string> Reads => ["latency", "server", "wraparound", "error-log", "queue:email_outbox"];

    private void FailRead(string read, string target, Exception failure)
    {
        var connection = ConnectionOf(target);
        switch (read)
        {
            case "latency":
                _probe.Setup(p => p.MeasureLatencyAsync(connection, It.IsAny<HealthCheckOptions>(), It.IsAny<TimeProvider>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
                break;
            case "server":
                _probe.Setup(p => p.ReadAsync(connection, It.IsAny<HealthCheckOptions>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
                break;
            case "wraparound":
                _check.Setup(c => c.RunAsync(connection, It.IsAny<HealthCheckOptions>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
                break;
            case "error-log":
                _inspector.Setup(i => i.ReadErrorLogAsync(It.Is<TargetSession>(s => s.Target.Name == target), It.IsAny<ErrorLogTableOptions>(), It.IsAny<string>(), It.IsAny<HealthCheckOptions>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
                    .ThrowsAsync(failure);
                break;
            default:
                _inspector.Setup(i => i.ReadQueueAsync(It.Is<TargetSession>(s => s.Target.Name == target), It.IsAny<QueueTableOptions>(), It.IsAny<string>(), It.IsAny<HealthCheckOptions>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
                    .ThrowsAsync(failure);
                break;
        }
    }

    private static void AssertComplete(TargetHealthReport report)
    {
        Assert.True(report.Reachable);
        Assert.Equal(2, report.LatencyMilliseconds);
        Assert.NotNull(report.Server);
        Assert.NotNull(report.ErrorLog);
        Assert.Single(report.Queues);
        Assert.Equal("wraparound", Assert.Single(report.ServerChecks).Check);
        Assert.Equal(Severity.Normal, report.Severity);
        Assert.DoesNotContain(report.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_db_exception_in_any_read_of_one_target_is_its_finding_and_the_other_target_is_complete(string read)
    {
        FailRead(read, "a", new FakeDbException("permission denied for view pg_stat_statements"));

        var report = await Job.RunAsync();

        var failed = report.Targets.Single(t => t.Target == "a");
        var finding = Assert.Single(failed.Findings, f => f.Check == "read:" + read);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("permission denied", finding.Message, StringComparison.Ordinal);
        // The other reads of the same target still produced their findings.
        Assert.Equal(read == "wraparound" ? 4 : 3, failed.Findings.Count(f => f.Check is "latency" or "connections" or "error-log" or "queue:email_outbox"));
        Assert.Equal(read == "wraparound" ? 0 : 1, failed.Findings.Count(f => f.Check == "wraparound"));
        AssertComplete(report.Targets.Single(t => t.Target == "b"));
        Assert.Equal(["reports/daily/2026/11/23/a.json"], report.ReportLocations);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_broken_connection_in_any_read_is_critical_skips_that_targets_other_reads_and_not_the_next_target(string read)
    {
        FailRead(read, "a", new FakeDbException("Exception while reading from stream", new IOException("Connection reset by peer")));

        var report = await Job.RunAsync();

        var failed = report.Targets.Single(t => t.Target == "a");
        var finding = Assert.Single(failed.Findings, f => f.Severity == Severity.Critical);
        Assert.Equal("read:" + read, finding.Check);
        Assert.Contains("Lost the connection to a", finding.Message, StringComparison.Ordinal);
        Assert.Contains("The rest of the check was skipped", finding.Message, StringComparison.Ordinal);
        _inspector.Verify(i => i.ReadQueueAsync(It.Is<TargetSession>(s => s.Target.Name == "a"), It.IsAny<QueueTableOptions>(), It.IsAny<string>(), It.IsAny<HealthCheckOptions>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), read == "queue:email_outbox" ? Times.Once() : Times.Never());
        AssertComplete(report.Targets.Single(t => t.Target == "b"));
    }

    [Fact]
    public async Task A_server_check_refused_for_want_of_a_privilege_is_a_warning_naming_the_grant_and_the_rest_is_read()
    {
        FailRead("wraparound", "a", new PostgresException("permission denied for view pg_database", "ERROR", "ERROR", PostgresErrorCodes.InsufficientPrivilege));

        var report = await Job.RunAsync();

        var target = report.Targets.Single(t => t.Target == "a");
        var finding = Assert.Single(target.Findings, f => f.Check == "wraparound");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(
            "Not checked: the account may not read transaction-ID ages (pg_database) (42501: permission denied for view pg_database). Grant it with: GRANT pg_monitor TO <the check's user>.",
            finding.Message);
        Assert.DoesNotContain(target.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal));
        Assert.Empty(target.ServerChecks);
        Assert.NotNull(target.ErrorLog);
        Assert.Single(target.Queues);
        AssertComplete(report.Targets.Single(t => t.Target == "b"));
    }

    [Fact]
    public async Task An_unexpected_exception_in_a_read_stays_inside_the_target()
    {
        FailRead("server", "a", new InvalidCastException("Unable to cast object of type 'System.Int32' to type 'System.String'."));

        var report = await Job.RunAsync();

        Assert.Contains(report.Targets.Single(t => t.Target == "a").Findings, f => f.Check == "read:server" && f.Message.Contains("Unable to cast", StringComparison.Ordinal));
        AssertComplete(report.Targets.Single(t => t.Target == "b"));
    }

    [Fact]
    public async Task A_refused_key_vault_secret_is_a_critical_finding_and_the_report_is_still_stored()
    {
        _sessions.Setup(c => c.OpenAsync(It.Is<TargetOptions>(t => t.Name == "a"), It.IsAny<TargetSessionOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TargetConnectException("a", "Caller is not authorized to perform action on resource."));

        var report = await Job.RunAsync();

        var target = report.Targets.Single(t => t.Target == "a");
        Assert.Equal(Severity.Critical, target.Severity);
        Assert.Equal("Cannot connect to a: Caller is not authorized to perform action on resource.", target.Findings.Single().Message);
        Assert.Equal(Now, report.StartedAt);
        AssertComplete(report.Targets.Single(t => t.Target == "b"));
        Assert.Equal(["reports/daily/2026/11/23/a.json"], report.ReportLocations);
    }

    [Fact]
    public async Task A_storage_failure_keeps_the_findings_and_says_the_reports_were_not_stored()
    {
        _writer.Setup(w => w.WriteAsync(It.IsAny<HealthCheckReport>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException(503, "Server busy\nContent: <xml/>"));

        var report = await Job.RunAsync();
        var scheduled = await Assert.ThrowsAsync<InvalidOperationException>(() => Job.RunOnScheduleAsync());

        Assert.Equal("Server busy", report.StorageFailure);
        Assert.Empty(report.ReportLocations);
        Assert.Equal(2, report.Targets.Count);
        Assert.Contains("reports could not be stored: Server busy", scheduled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_not_mistaken_for_an_unreachable_target_or_a_failed_read()
    {
        using var cancel = new CancellationTokenSource();
        _probe.Setup(p => p.ReadAsync(It.IsAny<DbConnection>(), It.IsAny<HealthCheckOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async (DbConnection _, HealthCheckOptions _, CancellationToken token) =>
            {
                await cancel.CancelAsync();
                token.ThrowIfCancellationRequested();
                return new ServerStatistics();
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Job.RunAsync(cancellationToken: cancel.Token));
        _writer.Verify(w => w.WriteAsync(It.IsAny<HealthCheckReport>(), It.IsAny<CancellationToken>()), Times.Never());
    }

    private sealed class FakeDbException(string message, Exception? inner = null) : DbException(message, inner);
}
