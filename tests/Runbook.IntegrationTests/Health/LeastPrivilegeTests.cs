using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Health;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Health;

/// <summary>
/// The whole health check as an account with only the grants docs/runbooks/health-check.md lists (no superuser), and
/// as one without them: each missing grant is a finding that names the grant, never a failed check.
/// </summary>
public sealed class LeastPrivilegeTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private const string MySqlPassword = "monitor-pw-1";

    private async Task<TargetHealthReport> CheckAsync(string provider, string connectionString)
    {
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", provider, connectionString));
        return Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync("shop")).Targets);
    }

    private static void AssertEverythingRead(TargetHealthReport report)
    {
        Assert.True(report.Reachable);
        Assert.DoesNotContain(report.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal) || f.Check.StartsWith("config:", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Message.Contains("GRANT", StringComparison.Ordinal) || f.Message.Contains("Not checked", StringComparison.Ordinal));
        Assert.NotNull(report.ErrorLog);
        Assert.Equal(2, report.Queues.Count);
        Assert.True(report.Server!.SlowStatements.Available, report.Server.SlowStatements.Reason);
    }

    private async Task<string> PostgresRoleAsync(bool documentedGrants)
    {
        var role = "monitor_" + Guid.NewGuid().ToString("N")[..8];
        var database = new NpgsqlConnectionStringBuilder(services.PostgresShop).Database;
        var grants = documentedGrants
            ? $"GRANT pg_monitor TO {role}; GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};"
            : string.Empty;
        await PostgresServer.ExecuteAsync(services.PostgresShop, $"""
            CREATE ROLE {role} LOGIN NOSUPERUSER;
            GRANT CONNECT ON DATABASE "{database}" TO {role};
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT ON error_log, email_outbox, sync_queue TO {role};
            {grants}
            """);
        return new NpgsqlConnectionStringBuilder(services.PostgresShop) { Username = role, Pooling = false }.ConnectionString;
    }

    private async Task<string> MariaDbUserAsync(bool documentedGrants)
    {
        var user = "mon_" + Guid.NewGuid().ToString("N")[..8];
        var database = new MySqlConnectionStringBuilder(services.MariaDbShop).Database;
        var grants = documentedGrants
            ? $"GRANT PROCESS, SLAVE MONITOR ON *.* TO '{user}'@'127.0.0.1'; GRANT SELECT ON performance_schema.* TO '{user}'@'127.0.0.1';"
            : string.Empty;
        await MariaDbServer.ExecuteAsync(services.MariaDb.ConnectionString(), $"""
            CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{MySqlPassword}';
            GRANT SELECT ON `{database}`.* TO '{user}'@'127.0.0.1';
            {grants}
            """);
        return new MySqlConnectionStringBuilder(services.MariaDbShop) { UserID = user, Password = MySqlPassword, Pooling = false }.ConnectionString;
    }

    [Fact]
    public async Task The_whole_check_runs_on_postgresql_with_the_documented_grants_and_sees_other_users_sessions()
    {
        var monitor = await PostgresRoleAsync(documentedGrants: true);
        Assert.False(await IsSuperuserAsync(monitor));
        await using var holder = new NpgsqlConnection(services.PostgresShop);
        await holder.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; SELECT * FROM customers WHERE id = 1 FOR UPDATE", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", "PostgreSql", monitor), new() { ["Runbook:HealthCheck:IdleInTransactionWarning"] = "00:00:01" });
        var report = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync("shop")).Targets);

        AssertEverythingRead(report);
        Assert.Equal(8, report.ServerChecks.Count);
        var idle = Assert.Single(report.ServerChecks.Single(c => c.Check == "idle-in-transaction").Items);
        Assert.Equal($"pid {holder.ProcessID}", idle.Subject);
        Assert.Contains("SELECT * FROM customers WHERE id = 1 FOR UPDATE", idle.Detail, StringComparison.Ordinal);
        Assert.Contains(report.ServerChecks.Single(c => c.Check == "sequences").Items, i => i.Subject == "public.orders_id_seq");
    }

    [Fact]
    public async Task Without_the_grants_postgresql_says_which_grant_each_check_needs()
    {
        var report = await CheckAsync("PostgreSql", await PostgresRoleAsync(documentedGrants: false));

        Assert.True(report.Reachable);
        var idle = report.Findings.Single(f => f.Check == "idle-in-transaction");
        Assert.Equal(Severity.Warning, idle.Severity);
        Assert.Contains("GRANT pg_monitor TO", idle.Message, StringComparison.Ordinal);
        var sequences = report.Findings.Single(f => f.Check == "sequences");
        Assert.Equal(Severity.Warning, sequences.Severity);
        Assert.Contains("could not be read", sequences.Message, StringComparison.Ordinal);
        Assert.Contains("GRANT SELECT ON ALL SEQUENCES IN SCHEMA", sequences.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_whole_check_runs_on_mariadb_with_the_documented_grants()
    {
        var report = await CheckAsync("MySql", await MariaDbUserAsync(documentedGrants: true));

        AssertEverythingRead(report);
        Assert.Equal(6, report.ServerChecks.Count);
    }

    [Fact]
    public async Task Without_the_grants_mariadb_says_which_grant_each_check_needs()
    {
        var report = await CheckAsync("MySql", await MariaDbUserAsync(documentedGrants: false));

        Assert.True(report.Reachable);
        var transactions = report.Findings.Single(f => f.Check == "long-transactions");
        Assert.Equal(Severity.Warning, transactions.Severity);
        Assert.StartsWith("Not checked: the account may not read open transactions", transactions.Message, StringComparison.Ordinal);
        Assert.Contains("GRANT PROCESS ON *.*", transactions.Message, StringComparison.Ordinal);
        var replication = report.Findings.Single(f => f.Check == "replication");
        Assert.Equal(Severity.Warning, replication.Severity);
        Assert.Contains("GRANT REPLICATION CLIENT ON *.*", replication.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.ServerChecks, c => c.Check is "long-transactions" or "replication");
        Assert.Contains(report.ServerChecks, c => c.Check == "auto-increment");
    }

    private static async Task<bool> IsSuperuserAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
