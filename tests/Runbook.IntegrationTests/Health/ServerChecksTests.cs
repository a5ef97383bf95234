using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Health;
using Runbook.Health.ServerChecks;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Health;

/// <summary>
/// The server-level checks on real servers, each finding staged in the test: a held transaction, a sequence and an
/// auto-increment near their limits, an inactive logical replication slot, a table without a primary key, an invalid
/// index, dead rows, failed logins. Every staged object lives in this class's own shop database.
/// </summary>
public sealed class ServerChecksTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static readonly string[] PostgreSqlChecks = ["idle-in-transaction", "wraparound", "replication-slots", "replication", "sequences", "cache-hit-ratio", "dead-tuples", "invalid-indexes"];
    private static readonly string[] MySqlChecks = ["long-transactions", "replication", "auto-increment", "aborted-connections", "cache-hit-ratio", "missing-primary-keys"];

    private string Shop(string provider) => provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;

    private async Task<TargetHealthReport> CheckAsync(string provider, Dictionary<string, string?>? thresholds = null, string? connectionString = null)
    {
        var settings = ShopFixture.ShopTarget(0, "shop", provider, connectionString ?? Shop(provider));
        foreach (var (key, value) in thresholds ?? [])
        {
            settings["Runbook:HealthCheck:" + key] = value;
        }

        await using var sp = services.BuildServices(settings);
        return Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync("shop")).Targets);
    }

    private static ServerCheckResult Result(TargetHealthReport report, string check) => Assert.Single(report.ServerChecks, c => c.Check == check);

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Every_server_check_runs_on_the_shop_and_reads_it_without_a_failure(string provider)
    {
        // A shop of its own: the other tests of this class stage findings in theirs.
        var shop = provider == "PostgreSql" ? await services.Servers.CreatePostgresShopAsync() : await services.Servers.CreateMariaDbShopAsync();
        var report = await CheckAsync(provider, connectionString: shop);

        Assert.Equal(provider == "PostgreSql" ? PostgreSqlChecks : MySqlChecks, report.ServerChecks.Select(c => c.Check));
        Assert.DoesNotContain(report.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal) || f.Check.StartsWith("config:", StringComparison.Ordinal));
        foreach (var check in report.ServerChecks)
        {
            Assert.Equal(check.Severity, Assert.Single(report.Findings, f => f.Check == check.Check).Severity);
        }

        Assert.Equal(Severity.Normal, Result(report, "replication").Severity);
        Assert.Contains("Not a replica", Result(report, "replication").Message, StringComparison.Ordinal);
        var cache = Assert.Single(Result(report, "cache-hit-ratio").Items);
        Assert.InRange(cache.Value, 0, 100);
        if (provider == "PostgreSql")
        {
            var database = new NpgsqlConnectionStringBuilder(shop).Database!;
            var wraparound = Result(report, "wraparound");
            Assert.InRange(Assert.Single(wraparound.Items, i => i.Subject == database).Value, 0, 10);
            Assert.Contains(wraparound.Items, i => i.Subject == "postgres" && i.Detail.StartsWith("xid age ", StringComparison.Ordinal));
            Assert.Equal(Severity.Normal, wraparound.Severity);
            Assert.Contains(Result(report, "sequences").Items, i => i.Subject == "public.orders_id_seq");
            Assert.Equal(Severity.Normal, Result(report, "sequences").Severity);
            Assert.Contains(Result(report, "dead-tuples").Items, i => i.Subject == "public.order_items");
        }
        else
        {
            Assert.Contains(Result(report, "auto-increment").Items, i => i.Subject.EndsWith(".orders.id", StringComparison.Ordinal));
            Assert.Equal(Severity.Normal, Result(report, "missing-primary-keys").Severity);
        }
    }

    [Fact]
    public async Task A_session_idle_in_a_transaction_is_reported_with_its_age_locks_and_redacted_statement()
    {
        await using var holder = new NpgsqlConnection(services.PostgresShop);
        await holder.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; UPDATE customers SET email = 'held-secret@example.com' WHERE id = 1", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var thresholds = new Dictionary<string, string?> { ["IdleInTransactionWarning"] = "00:00:01", ["IdleInTransactionCritical"] = "00:10:00" };
        var result = await PollAsync(() => CheckAsync("PostgreSql", thresholds), r => Result(r, "idle-in-transaction").Items.Count > 0);

        var idle = Result(result, "idle-in-transaction");
        var item = Assert.Single(idle.Items);
        Assert.Equal($"pid {holder.ProcessID}", item.Subject);
        Assert.Equal(Severity.Warning, idle.Severity);
        Assert.InRange(item.Value, 1, 600);
        Assert.Contains("holding", item.Detail, StringComparison.Ordinal);
        Assert.Contains("UPDATE customers SET email = '?'", item.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("held-secret", item.Detail, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, result.Findings.Single(f => f.Check == "idle-in-transaction").Severity);

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var critical = await CheckAsync("PostgreSql", new() { ["IdleInTransactionWarning"] = "00:00:01", ["IdleInTransactionCritical"] = "00:00:02" });
        Assert.Equal(Severity.Critical, Result(critical, "idle-in-transaction").Severity);

        await using (var rollback = new NpgsqlCommand("ROLLBACK", holder))
        {
            await rollback.ExecuteNonQueryAsync();
        }

        var after = await CheckAsync("PostgreSql", thresholds);
        Assert.Equal(Severity.Normal, Result(after, "idle-in-transaction").Severity);
        Assert.Empty(Result(after, "idle-in-transaction").Items);
    }

    [Fact]
    public async Task A_transaction_held_open_on_mariadb_is_reported_with_its_thread_and_redacted_statement()
    {
        await using var holder = new MySqlConnection(services.MariaDbShop);
        await holder.OpenAsync();
        await using (var begin = new MySqlCommand("START TRANSACTION; UPDATE customers SET email = 'held-secret@example.com' WHERE id = 1;", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var thresholds = new Dictionary<string, string?> { ["LongTransactionWarning"] = "00:00:01", ["LongTransactionCritical"] = "00:10:00" };
        var result = await PollAsync(() => CheckAsync("MySql", thresholds), r => Result(r, "long-transactions").Items.Count > 0);

        var held = Result(result, "long-transactions");
        var item = Assert.Single(held.Items);
        Assert.Equal($"thread {holder.ServerThread}", item.Subject);
        Assert.Equal(Severity.Warning, held.Severity);
        Assert.Contains("1 modified", item.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("held-secret", item.Detail, StringComparison.Ordinal);

        await using (var rollback = new MySqlCommand("ROLLBACK", holder))
        {
            await rollback.ExecuteNonQueryAsync();
        }

        // InnoDB refreshes INNODB_TRX at most every 100 ms.
        var after = await PollAsync(() => CheckAsync("MySql", thresholds), r => Result(r, "long-transactions").Items.Count == 0);
        Assert.Empty(Result(after, "long-transactions").Items);
        Assert.Equal(Severity.Normal, Result(after, "long-transactions").Severity);
    }

    [Fact]
    public async Task Sequences_near_their_end_are_found_against_the_owning_columns_type_too()
    {
        await PostgresServer.ExecuteAsync(services.PostgresShop, """
            CREATE TABLE seq_identity (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);
            SELECT setval(pg_get_serial_sequence('seq_identity', 'id'), 2000000000);
            CREATE TABLE seq_narrow (id integer);
            CREATE SEQUENCE seq_narrow_id AS bigint OWNED BY seq_narrow.id;
            ALTER TABLE seq_narrow ALTER id SET DEFAULT nextval('seq_narrow_id');
            SELECT setval('seq_narrow_id', 1700000000);
            CREATE SEQUENCE seq_cycling AS smallint MAXVALUE 100 CYCLE;
            SELECT setval('seq_cycling', 99);
            """);

        var sequences = Result(await CheckAsync("PostgreSql"), "sequences");

        Assert.Equal(Severity.Critical, sequences.Severity);
        var identity = Assert.Single(sequences.Items, i => i.Subject == "public.seq_identity_id_seq");
        Assert.Equal((Severity.Critical, 93.13), (identity.Severity, Math.Round(identity.Value, 2)));
        Assert.Contains("owned by public.seq_identity.id integer", identity.Detail, StringComparison.Ordinal);
        var narrow = Assert.Single(sequences.Items, i => i.Subject == "public.seq_narrow_id");
        Assert.Equal((Severity.Warning, 79.16), (narrow.Severity, Math.Round(narrow.Value, 2)));
        Assert.DoesNotContain(sequences.Items, i => i.Subject == "public.seq_cycling");
        Assert.Equal("public.seq_identity_id_seq", sequences.Items[0].Subject);
        Assert.Contains("2 of", sequences.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_increment_columns_near_their_types_limit_are_found()
    {
        await MariaDbServer.ExecuteAsync(services.MariaDbShop, """
            CREATE TABLE ai_int (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 2000000000;
            INSERT INTO ai_int (v) VALUES (1);
            CREATE TABLE ai_tiny (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 201;
            CREATE TABLE ai_big (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 2000000000;
            """);

        var auto = Result(await CheckAsync("MySql"), "auto-increment");

        Assert.Equal(Severity.Critical, auto.Severity);
        var database = new MySqlConnectionStringBuilder(services.MariaDbShop).Database;
        var ai = Assert.Single(auto.Items, i => i.Subject == $"{database}.ai_int.id");
        Assert.Equal((Severity.Critical, 93.13), (ai.Severity, Math.Round(ai.Value, 2)));
        var tiny = Assert.Single(auto.Items, i => i.Subject == $"{database}.ai_tiny.id");
        Assert.Equal((Severity.Warning, 78.43), (tiny.Severity, Math.Round(tiny.Value, 2)));
        Assert.Equal(Severity.Normal, Assert.Single(auto.Items, i => i.Subject == $"{database}.ai_big.id").Severity);
    }

    [Fact]
    public async Task An_inactive_logical_replication_slot_is_a_warning_and_its_retained_wal_is_judged()
    {
        var slot = "runbook_test_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresServer.ExecuteAsync(services.PostgresShop, $"SELECT pg_create_logical_replication_slot('{slot}', 'pgoutput')");
        try
        {
            // Some WAL after the slot's restart point, which the slot now keeps.
            await PostgresServer.ExecuteAsync(services.PostgresShop, "CREATE TABLE slot_churn AS SELECT g AS i, repeat('x', 200) AS pad FROM generate_series(1, 20000) g");

            var report = await CheckAsync("PostgreSql");
            var slots = Result(report, "replication-slots");
            var item = Assert.Single(slots.Items, i => i.Subject == slot);
            Assert.Equal(Severity.Warning, item.Severity);
            Assert.Contains("logical slot, plugin pgoutput, inactive", item.Detail, StringComparison.Ordinal);
            Assert.True(item.Value > 1024 * 1024, $"the slot keeps the WAL written since it was created ({item.Value} bytes)");
            Assert.Equal(Severity.Warning, slots.Severity);
            Assert.Contains("pg_drop_replication_slot", slots.Message, StringComparison.Ordinal);

            var critical = Result(await CheckAsync("PostgreSql", new() { ["ReplicationSlotRetainedWarningMegabytes"] = "1", ["ReplicationSlotRetainedCriticalMegabytes"] = "1" }), "replication-slots");
            Assert.Equal(Severity.Critical, Assert.Single(critical.Items, i => i.Subject == slot).Severity);
        }
        finally
        {
            await PostgresServer.ExecuteAsync(services.PostgresShop, $"SELECT pg_drop_replication_slot('{slot}')");
        }

        Assert.DoesNotContain(Result(await CheckAsync("PostgreSql"), "replication-slots").Items, i => i.Subject == slot);
    }

    [Fact]
    public async Task A_table_without_a_primary_key_is_a_warning_naming_it()
    {
        await MariaDbServer.ExecuteAsync(services.MariaDbShop, "CREATE TABLE audit_dump (happened_at DATETIME, line TEXT); INSERT INTO audit_dump VALUES (NOW(), 'x');");

        var missing = Result(await CheckAsync("MySql"), "missing-primary-keys");

        var database = new MySqlConnectionStringBuilder(services.MariaDbShop).Database;
        Assert.Equal(Severity.Warning, missing.Severity);
        Assert.Equal($"{database}.audit_dump", Assert.Single(missing.Items).Subject);
        Assert.Contains($"{database}.audit_dump", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_index_left_by_a_failed_concurrent_build_is_a_warning()
    {
        await PostgresServer.ExecuteAsync(services.PostgresShop, "CREATE TABLE dup_emails (email text); INSERT INTO dup_emails VALUES ('a'), ('a');");
        await Assert.ThrowsAsync<PostgresException>(() => PostgresServer.ExecuteAsync(services.PostgresShop, "CREATE UNIQUE INDEX CONCURRENTLY dup_emails_email ON dup_emails (email)"));

        var invalid = Result(await CheckAsync("PostgreSql"), "invalid-indexes");

        Assert.Equal(Severity.Warning, invalid.Severity);
        var item = Assert.Single(invalid.Items);
        Assert.Equal(("public.dup_emails_email", "unique index on public.dup_emails"), (item.Subject, item.Detail));
        Assert.Contains("DROP INDEX CONCURRENTLY", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_rows_past_the_threshold_are_judged_with_the_last_vacuum()
    {
        await PostgresServer.ExecuteAsync(services.PostgresShop, """
            CREATE TABLE churned (i int) WITH (autovacuum_enabled = false);
            INSERT INTO churned SELECT generate_series(1, 40000);
            DELETE FROM churned WHERE i <= 30000;
            """);
        var thresholds = new Dictionary<string, string?> { ["DeadTupleMinimum"] = "1000", ["DeadTupleTables"] = "100" };

        var report = await PollAsync(() => CheckAsync("PostgreSql", thresholds), r => Result(r, "dead-tuples").Items.Any(i => i.Subject == "public.churned" && i.Value > 0));

        var dead = Result(report, "dead-tuples");
        var churned = Assert.Single(dead.Items, i => i.Subject == "public.churned");
        Assert.Equal((Severity.Critical, 75.0), (churned.Severity, churned.Value));
        Assert.Contains("30,000 dead of 40,000 rows; last vacuum never", churned.Detail, StringComparison.Ordinal);
        Assert.Equal("public.churned", dead.Items[0].Subject);

        // Below the minimum count, the same share is not judged.
        var small = Result(await CheckAsync("PostgreSql", new() { ["DeadTupleMinimum"] = "50000", ["DeadTupleTables"] = "100" }), "dead-tuples");
        Assert.Equal(Severity.Normal, Assert.Single(small.Items, i => i.Subject == "public.churned").Severity);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_cache_hit_ratio_is_judged_once_there_are_enough_reads(string provider)
    {
        var unjudged = Result(await CheckAsync(provider, new() { ["CacheHitMinimumReads"] = "1000000000000" }), "cache-hit-ratio");
        Assert.Equal(Severity.Normal, unjudged.Severity);
        Assert.Contains("too few to judge", unjudged.Message, StringComparison.Ordinal);

        // A copied PostgreSQL database may have had every block in shared buffers (100%); below 100% is a Warning here.
        var judged = Result(await CheckAsync(provider, new() { ["CacheHitMinimumReads"] = "0", ["CacheHitRatioWarningPercent"] = "100", ["CacheHitRatioCriticalPercent"] = "0.001" }), "cache-hit-ratio");
        var ratio = Assert.Single(judged.Items).Value;
        Assert.InRange(ratio, 0.001, 100);
        Assert.Equal(ratio < 100 ? Severity.Warning : Severity.Normal, judged.Severity);
        Assert.Contains("hit ratio", judged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too few", judged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_logins_count_as_aborted_connections()
    {
        var before = Assert.Single(Result(await CheckAsync("MySql", new() { ["AbortedConnectsMinimum"] = "0" }), "aborted-connections").Items);
        var wrong = new MySqlConnectionStringBuilder(services.MariaDbShop) { Password = "not-the-password", Pooling = false }.ConnectionString;
        for (var i = 0; i < 2; i++)
        {
            await using var connection = new MySqlConnection(wrong);
            await Assert.ThrowsAsync<MySqlException>(() => connection.OpenAsync());
        }

        var after = Result(await CheckAsync("MySql", new() { ["AbortedConnectsMinimum"] = "0", ["AbortedConnectsWarningPercent"] = "0.0001", ["AbortedConnectsCriticalPercent"] = "100" }), "aborted-connections");

        Assert.Equal(Severity.Warning, after.Severity);
        Assert.True(after.Items[0].Value > before.Value, $"the aborted share grew from {before.Value}% to {after.Items[0].Value}%");
        Assert.Matches(@"^\d[\d,]* of [\d,]+ connection attempts failed", after.Items[0].Detail);
    }

    [Fact]
    public async Task A_streaming_postgresql_replica_is_seen_from_both_sides_and_the_whole_check_runs_on_the_standby()
    {
        await using var standby = await services.Postgres.StartStandbyAsync();

        var fromPrimary = await PollAsync(() => CheckAsync("PostgreSql"), r => Result(r, "replication").Items.Any(i => i.Detail.StartsWith("state streaming", StringComparison.Ordinal)));
        var replication = Result(fromPrimary, "replication");
        var replica = Assert.Single(replication.Items);
        Assert.StartsWith("state streaming, replay ", replica.Detail, StringComparison.Ordinal);
        Assert.Contains("(127.0.0.1)", replica.Subject, StringComparison.Ordinal);
        Assert.Equal(Severity.Normal, replication.Severity);
        Assert.StartsWith("1 replica(s) connected", replication.Message, StringComparison.Ordinal);

        var database = new NpgsqlConnectionStringBuilder(services.PostgresShop).Database!;
        var onStandby = await CheckAsync("PostgreSql", connectionString: standby.ConnectionString(database));
        var standbyReplication = Result(onStandby, "replication");
        Assert.Equal(Severity.Normal, standbyReplication.Severity);
        Assert.StartsWith("This server is a replica, streaming; replay is 00:00:", standbyReplication.Message, StringComparison.Ordinal);
        Assert.Equal(PostgreSqlChecks, onStandby.ServerChecks.Select(c => c.Check));
        Assert.DoesNotContain(onStandby.Findings, f => f.Check.StartsWith("read:", StringComparison.Ordinal) || f.Check.StartsWith("config:", StringComparison.Ordinal));

        // Replay paused on the standby while the primary writes: the standby falls behind and says so. The lag is counted
        // from the last replayed commit, so one is replayed first.
        await PostgresServer.ExecuteAsync(services.PostgresShop, "CREATE TABLE replayed_before_pause AS SELECT 1 AS i");
        await PollUntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(standby.ConnectionString(database));
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT to_regclass('replayed_before_pause') IS NOT NULL", connection);
            return (bool)(await exists.ExecuteScalarAsync())!;
        });
        await PostgresServer.ExecuteAsync(standby.ConnectionString(database), "SELECT pg_wal_replay_pause()");
        await PostgresServer.ExecuteAsync(services.PostgresShop, "CREATE TABLE written_while_paused AS SELECT 1 AS i");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var thresholds = new Dictionary<string, string?> { ["ReplicationLagWarning"] = "00:00:01", ["ReplicationLagCritical"] = "00:00:02" };
        var lagging = await PollAsync(() => CheckAsync("PostgreSql", thresholds, standby.ConnectionString(database)), r => Result(r, "replication").Severity == Severity.Critical);
        var behind = Result(lagging, "replication");
        Assert.Equal(Severity.Critical, behind.Severity);
        Assert.True(behind.Items[0].Value >= 2, $"replay is {behind.Items[0].Value} s behind");
        Assert.Contains("streaming; replay is 00:00:0", behind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mariadb_replica_is_normal_while_it_replicates_and_critical_once_its_sql_thread_stops_on_an_error()
    {
        await using var primary = await MariaDbServer.StartAsync(performanceSchema: false, arguments: ["--log-bin=binlog", "--server-id=1", "--binlog-format=ROW"]);
        await using var replica = await MariaDbServer.StartAsync(performanceSchema: false, arguments: ["--server-id=2"]);
        var (file, position) = await ReadPositionAsync(primary.ConnectionString());
        var (user, password) = MariaDbServer.Credentials;
        await MariaDbServer.ExecuteAsync(replica.ConnectionString(), $"""
            CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = {primary.Port}, MASTER_USER = '{user}', MASTER_PASSWORD = '{password}',
                MASTER_LOG_FILE = '{file}', MASTER_LOG_POS = {position}, MASTER_USE_GTID = no;
            START SLAVE;
            """);
        await MariaDbServer.ExecuteAsync(primary.ConnectionString(), "CREATE DATABASE repl; CREATE TABLE repl.t (id INT PRIMARY KEY); INSERT INTO repl.t VALUES (1);");
        var target = replica.ConnectionString("repl");
        await PollUntilAsync(async () => await CountAsync(target) == 1);

        var healthy = Result(await CheckAsync("MySql", connectionString: target), "replication");
        Assert.Equal(Severity.Normal, healthy.Severity);
        var source = Assert.Single(healthy.Items);
        Assert.Equal("127.0.0.1", source.Subject);
        Assert.Equal("IO thread Yes, SQL thread Yes, 00:00:00 behind", source.Detail);
        Assert.StartsWith("A replica of 1 source(s)", healthy.Message, StringComparison.Ordinal);

        // A row written on the replica by hand, then the same key on the primary: the SQL thread stops on a duplicate key.
        await MariaDbServer.ExecuteAsync(target, "SET sql_log_bin = 0; INSERT INTO t VALUES (2);");
        await MariaDbServer.ExecuteAsync(primary.ConnectionString("repl"), "INSERT INTO t VALUES (2);");
        var broken = await PollAsync(() => CheckAsync("MySql", connectionString: target), r => Result(r, "replication").Severity == Severity.Critical);

        var stopped = Result(broken, "replication");
        Assert.Equal(Severity.Critical, stopped.Severity);
        Assert.Contains("SQL thread No", stopped.Items[0].Detail, StringComparison.Ordinal);
        Assert.Contains("last error: ", stopped.Items[0].Detail, StringComparison.Ordinal);
        Assert.Contains("Duplicate entry", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, broken.Findings.Single(f => f.Check == "replication").Severity);
    }

    private static async Task<(string File, long Position)> ReadPositionAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW MASTER STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the primary writes a binary log");
        return (reader.GetString(0), reader.GetInt64(1));
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        try
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT COUNT(*) FROM t", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (MySqlException)
        {
            return -1; // not replicated yet
        }
    }

    private static async Task PollUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for replication");
            await Task.Delay(200);
        }
    }

    private static async Task<TargetHealthReport> PollAsync(Func<Task<TargetHealthReport>> check, Func<TargetHealthReport, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var report = await check();
            if (done(report) || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(300);
        }
    }
}
