using Runbook.Health;
using Runbook.Health.ServerChecks;
using Runbook.Health.ServerChecks.MySql;

namespace Runbook.UnitTests.Health;

/// <summary>The arithmetic of the server checks that does not need a server: type limits, the hit-ratio bands, the HTML.</summary>
public sealed class ServerCheckJudgementTests
{
    [Theory]
    [InlineData("tinyint", false, 127)]
    [InlineData("tinyint", true, 255)]
    [InlineData("smallint", true, 65535)]
    [InlineData("mediumint", false, 8388607)]
    [InlineData("int", false, 2147483647)]
    [InlineData("int", true, 4294967295)]
    [InlineData("bigint", false, 9.223372036854775807E18)]
    [InlineData("decimal", false, 0)]
    public void Auto_increment_limits_are_the_types_own(string type, bool unsigned, double expected)
    {
        Assert.Equal(expected, AutoIncrementCheck.TypeMaximum(type, unsigned));
    }

    [Theory]
    [InlineData(99_000, 100_000, Severity.Normal)]
    [InlineData(90_000, 100_000, Severity.Normal)]
    [InlineData(89_990, 100_000, Severity.Warning)]
    [InlineData(89_999, 100_000, Severity.Normal)] // 89.999% shows, and is judged, as 90%
    [InlineData(80_000, 100_000, Severity.Warning)]
    [InlineData(79_000, 100_000, Severity.Critical)]
    [InlineData(0, 99_999, Severity.Normal)]
    public void The_hit_ratio_is_bad_when_low_and_judged_only_from_the_minimum_reads(double hits, double requests, Severity expected)
    {
        var result = CacheHitRatio.Judge("shared buffers", hits, requests, new HealthCheckOptions());

        Assert.Equal(expected, result.Severity);
        Assert.Equal(expected, Assert.Single(result.Items).Severity);
        Assert.Equal(requests < 100_000, result.Message.Contains("too few to judge", StringComparison.Ordinal));
    }

    [Fact]
    public void No_reads_at_all_is_a_full_hit_ratio_and_not_judged()
    {
        var result = CacheHitRatio.Judge("InnoDB buffer pool", 0, 0, new HealthCheckOptions { CacheHitMinimumReads = 0 });

        Assert.Equal((Severity.Normal, 100.0), (result.Severity, result.Items[0].Value));
    }

    [Theory]
    [InlineData(91, Severity.Normal)]
    [InlineData(90, Severity.Normal)]
    [InlineData(89.99, Severity.Warning)]
    [InlineData(79.99, Severity.Critical)]
    public void GradeBelow_starts_each_band_below_its_threshold(double value, Severity expected)
    {
        Assert.Equal(expected, HealthEvaluator.GradeBelow(value, 90, 80));
    }

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59.9, "00:00:59")]
    [InlineData(3_725, "01:02:05")]
    [InlineData(90_061, "1.01:01:01")]
    public void Durations_read_as_clock_times(double seconds, string expected)
    {
        Assert.Equal(expected, ServerCheckText.Duration(seconds));
    }

    [Fact]
    public void Html_reports_list_each_server_check_item_encoded()
    {
        var report = new TargetHealthReport
        {
            Target = "shop",
            Provider = Runbook.Targets.DatabaseProvider.PostgreSql,
            Reachable = true,
            ServerChecks =
            [
                new ServerCheckResult("idle-in-transaction", Severity.Critical, "1 session", [new ServerCheckItem("pid 7", Severity.Critical, 4000, "s", "last statement: SELECT '<b>'")]),
                new ServerCheckResult("invalid-indexes", Severity.Normal, "No invalid index.", []),
            ],
        };

        var html = HealthReportHtml.Render(report, DateTimeOffset.UnixEpoch);

        Assert.Contains("<h2>Server checks</h2>", html, StringComparison.Ordinal);
        Assert.Contains("""<td>idle-in-transaction</td><td class="Critical">Critical</td><td>pid 7</td><td>last statement: SELECT &#39;&lt;b&gt;&#39;</td>""", html, StringComparison.Ordinal);
        Assert.Contains("""<td>invalid-indexes</td><td class="Normal">Normal</td><td>-</td><td>No invalid index.</td>""", html, StringComparison.Ordinal);
    }
}
