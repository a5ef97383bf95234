using Runbook.Health;

namespace Runbook.UnitTests.Health;

public sealed class HealthEvaluatorTests
{
    [Theory]
    [InlineData(0, Severity.Normal)]
    [InlineData(74.9, Severity.Normal)]
    [InlineData(75, Severity.Warning)]
    [InlineData(89.9, Severity.Warning)]
    [InlineData(90, Severity.Critical)]
    public void Grade_starts_each_band_at_its_threshold(double value, Severity expected)
    {
        Assert.Equal(expected, HealthEvaluator.Grade(value, 75, 90));
    }

    [Fact]
    public void Connections_and_lock_waits_are_judged_against_the_options()
    {
        var options = new HealthCheckOptions();
        var server = new ServerStatistics { ConnectionsInUse = 95, MaxConnections = 100, SessionsWaitingOnLocks = 2 };

        var findings = HealthEvaluator.Judge(server, options).Append(HealthEvaluator.Judge(TimeSpan.FromMilliseconds(150), options)).ToDictionary(f => f.Check);

        Assert.Equal(Severity.Critical, findings["connections"].Severity);
        Assert.Equal("95 of 100 connections in use (95%).", findings["connections"].Message);
        Assert.Equal(Severity.Warning, findings["lock-waits"].Severity);
        Assert.Equal(Severity.Warning, findings["latency"].Severity);
        Assert.Equal("Slow statements unavailable: not read.", findings["slow-statements"].Message);
    }

    [Fact]
    public void A_queue_with_only_failed_items_is_a_warning()
    {
        var queue = new QueueHealth("outbox", "email_outbox", [new QueueStatusDepth("pending", 0, null), new QueueStatusDepth("failed", 2, TimeSpan.FromHours(1))], 0, TimeSpan.FromMinutes(10));

        var finding = HealthEvaluator.Judge(queue, ["failed"], new HealthCheckOptions());

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("outbox: pending 0, failed 2; 0 stuck waiting longer than 00:10:00.", finding.Message);
    }

    [Fact]
    public void Html_reports_encode_what_came_from_the_database()
    {
        var report = new TargetHealthReport
        {
            Target = "shop",
            Provider = Runbook.Targets.DatabaseProvider.MySql,
            Reachable = true,
            ErrorLog = new ErrorLogSummary("error_log", TimeSpan.FromHours(24), 1, 0, [new LogMessageCount("error", "<script>alert(1)</script>", 1)]),
            Findings = [new HealthFinding("error-log", Severity.Warning, "1 error: <b>")],
        };

        var html = HealthReportHtml.Render(report, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("1 error: &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"Warning\">Warning</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_names_the_key_at_fault()
    {
        var options = new HealthCheckOptions { ConnectTimeout = TimeSpan.Zero, ErrorsWarning = 200, ConnectionsCriticalPercent = 120, TopMessages = 0 };

        var failures = new HealthCheckOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Runbook:HealthCheck:ConnectTimeout must be a positive duration such as 00:05:00 (got 00:00:00).", failures);
        Assert.Contains("Runbook:HealthCheck:ErrorsWarning (200) must not be greater than Runbook:HealthCheck:ErrorsCritical (100).", failures);
        Assert.Contains("Runbook:HealthCheck:ConnectionsCriticalPercent must be at most 100.", failures);
        Assert.Contains("Runbook:HealthCheck:TopMessages must be between 1 and 100.", failures);
        Assert.True(new HealthCheckOptionsValidator().Validate(null, new HealthCheckOptions()).Succeeded);
    }
}
