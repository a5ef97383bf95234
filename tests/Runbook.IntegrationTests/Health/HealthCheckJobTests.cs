using Microsoft.Extensions.DependencyInjection;
using Runbook.Health;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Health;

public sealed class HealthCheckJobTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_check_reports_the_real_figures_of_the_seeded_shop(string provider)
    {
        var connectionString = provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", provider, connectionString));

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync("shop");

        var target = Assert.Single(report.Targets);
        Assert.True(target.Reachable);
        Assert.NotNull(target.ServerVersion);
        Assert.True(target.LatencyMilliseconds > 0);

        var server = Assert.IsType<ServerStatistics>(target.Server);
        Assert.EndsWith(SampleShop.LargestTable, server.LargestTables[0].Name, StringComparison.Ordinal);
        Assert.InRange(server.LargestTables.Count, 7, 10);
        Assert.True(server.DatabaseSizeBytes >= server.LargestTables.Sum(t => t.TotalBytes) / 2, "database size covers its tables");
        Assert.InRange(server.ConnectionsInUse, 1, server.MaxConnections);
        Assert.Empty(server.LongRunningQueries);
        Assert.Equal(0, server.SessionsWaitingOnLocks);
        Assert.True(server.SlowStatements.Available, server.SlowStatements.Reason);

        var log = Assert.IsType<ErrorLogSummary>(target.ErrorLog);
        Assert.Equal(SampleShop.ErrorsLast24Hours, log.ErrorCount);
        Assert.Equal(SampleShop.WarningsLast24Hours, log.WarningCount);
        Assert.Equal((SampleShop.TopMessage, SampleShop.TopMessageCount), (log.TopMessages[0].Message, log.TopMessages[0].Count));

        var outbox = Assert.Single(target.Queues, q => q.Queue == "email_outbox");
        Assert.Equal((6L, 1L, 3L, 0L), (outbox.DepthOf("pending"), outbox.DepthOf("processing"), outbox.DepthOf("failed"), outbox.DepthOf("queued")));
        Assert.Equal(4, outbox.StuckCount);
        Assert.InRange(outbox.Statuses.Single(s => s.Status == "pending").OldestAge!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(70));
        var sync = Assert.Single(target.Queues, q => q.Queue == "sync_queue");
        Assert.Equal((5L, 2L), (sync.DepthOf("queued"), sync.DepthOf("failed")));
        Assert.Equal(2, sync.StuckCount);

        // Errors, stuck and failed items are Warnings under the default thresholds; nothing is Critical.
        Assert.Equal(Severity.Warning, target.Severity);
        Assert.Equal(Severity.Warning, target.Findings.Single(f => f.Check == "error-log").Severity);
        Assert.Equal(Severity.Warning, target.Findings.Single(f => f.Check == "queue:email_outbox").Severity);
        Assert.DoesNotContain(target.Findings, f => f.Severity == Severity.Critical);
    }

    [Theory]
    [InlineData("PostgreSql", "public.order_items")]
    [InlineData("MySql", ".order_items")]
    public async Task Reports_name_tables_with_their_schema_list_errors_first_with_their_level_and_strip_the_mariadb_prefix(string provider, string largest)
    {
        var connectionString = provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", provider, connectionString));

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.EndsWith(largest, target.Server!.LargestTables[0].Name, StringComparison.Ordinal);
        Assert.All(target.Server.LargestTables, t => Assert.Contains('.', t.Name));
        var levels = target.ErrorLog!.TopMessages.Select(m => m.Level).ToList();
        Assert.Equal(("error", SampleShop.TopMessage), (levels[0], target.ErrorLog.TopMessages[0].Message));
        Assert.Equal(levels.OrderBy(l => l == "error" ? 0 : 1), levels);
        Assert.Contains(levels, l => l.StartsWith("warn", StringComparison.Ordinal));
        Assert.Contains("Most frequent: error \"Payment gateway timeout\" (7)", target.Findings.Single(f => f.Check == "error-log").Message, StringComparison.Ordinal);
        Assert.DoesNotContain("5.5.5-", target.ServerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_status_missing_from_statuses_is_still_counted()
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop);
        settings["Runbook:Targets:0:Queues:0:Statuses:0"] = "pending";
        settings["Runbook:Targets:0:Queues:0:FailedStatuses:0"] = "failed";
        await using var sp = services.BuildServices(settings);

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        var outbox = target.Queues.Single(q => q.Queue == "email_outbox");
        Assert.Equal(3, outbox.DepthOf("failed"));
        Assert.Contains("failed 3", target.Findings.Single(f => f.Check == "queue:email_outbox").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_decide_the_severity()
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop);
        settings["Runbook:HealthCheck:ErrorsCritical"] = "10";
        settings["Runbook:HealthCheck:StuckItemsWarning"] = "5";
        settings["Runbook:HealthCheck:StuckItemsCritical"] = "6";
        settings["Runbook:HealthCheck:FailedItemsWarning"] = "10";
        await using var sp = services.BuildServices(settings);

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.Equal(Severity.Critical, target.Findings.Single(f => f.Check == "error-log").Severity);
        Assert.Equal(Severity.Normal, target.Findings.Single(f => f.Check == "queue:email_outbox").Severity);
        Assert.Equal(Severity.Critical, target.Severity);
    }

    [Fact]
    public async Task A_down_target_is_critical_and_the_others_are_still_checked()
    {
        await using var sp = services.BuildServices(
            ShopFixture.ShopTarget(0, "down", "PostgreSql", ShopFixture.DownPostgres),
            ShopFixture.ShopTarget(1, "shop", "MySql", services.MariaDbShop));

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();

        var down = report.Targets.Single(t => t.Target == "down");
        Assert.False(down.Reachable);
        Assert.Equal(Severity.Critical, down.Severity);
        var finding = Assert.Single(down.Findings);
        Assert.Equal("reachable", finding.Check);
        Assert.StartsWith("Cannot connect to down:", finding.Message, StringComparison.Ordinal);
        Assert.True(report.Targets.Single(t => t.Target == "shop").Reachable);
        Assert.Equal(Severity.Critical, report.Severity);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_missing_log_table_is_a_clear_warning_not_a_crash(string provider)
    {
        var connectionString = provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", provider, connectionString, logTable: "app_logs"));

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.Null(target.ErrorLog);
        var finding = Assert.Single(target.Findings, f => f.Check == "config:error-log");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("Runbook:Targets:0:ErrorLog:Table 'app_logs' does not exist in target shop (check the table name, and its schema prefix, in configuration).", finding.Message);
        Assert.Equal(2, target.Queues.Count);
        Assert.Equal(Severity.Warning, target.Severity);
    }

    [Fact]
    public async Task Slow_statements_are_reported_unavailable_without_pg_stat_statements()
    {
        var plain = await services.Postgres.CreateDatabaseAsync("plain_" + Guid.NewGuid().ToString("N")[..8]);
        await using var sp = services.BuildServices(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "plain",
            ["Runbook:Targets:0:Provider"] = "PostgreSql",
            ["Runbook:Targets:0:ConnectionString"] = plain,
        });

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.False(target.Server!.SlowStatements.Available);
        Assert.Contains("pg_stat_statements", target.Server.SlowStatements.Reason, StringComparison.Ordinal);
        // Not a fault of the target: the finding says so and is Normal (other findings are server-wide and depend on what else runs).
        Assert.Equal(Severity.Normal, Assert.Single(target.Findings, f => f.Check == "slow-statements").Severity);
    }

    [Fact]
    public async Task An_unknown_target_name_is_refused()
    {
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));

        var e = await Assert.ThrowsAsync<UnknownTargetException>(() => sp.GetRequiredService<HealthCheckJob>().RunAsync("nope"));

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Contains("shop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_land_in_blob_storage_and_read_back()
    {
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop));

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();

        var prefix = $"{services.ReportsContainer}/daily/{report.StartedAt.UtcDateTime:yyyy/MM/dd}/shop";
        Assert.Equal(new[] { prefix + ".json", prefix + ".html" }, report.ReportLocations);
        var stored = await sp.GetRequiredService<HealthReportWriter>().ReadAsync("shop", report.StartedAt);
        Assert.NotNull(stored);
        Assert.Equal(SampleShop.ErrorsLast24Hours, stored.ErrorLog!.ErrorCount);
        Assert.Equal(4, stored.Queues.Single(q => q.Queue == "email_outbox").StuckCount);
        Assert.Equal(report.Targets[0].Findings, stored.Findings);

        var container = services.Azurite.CreateClient().GetBlobContainerClient(services.ReportsContainer);
        var html = (await container.GetBlobClient(prefix[(services.ReportsContainer.Length + 1)..] + ".html").DownloadContentAsync()).Value;
        Assert.Equal("text/html; charset=utf-8", html.Details.ContentType);
        Assert.Contains("Payment gateway timeout", html.Content.ToString(), StringComparison.Ordinal);
    }
}
