using System.Text.Json;
using DbExceptionAlias = System.Data.Common.DbException;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Cli;
using Runbook.Health;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Health;

/// <summary>
/// Bad input and secrets found by a probe, on the real servers: columns of the wrong type, passwords and literals in
/// query text, the session time zone, a rotated password, storage that is down.
/// </summary>
public sealed class HealthCheckInputTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private string Shop(string provider) => provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;

    private Task ExecuteAsync(string provider, string sql) =>
        provider == "PostgreSql" ? PostgresServer.ExecuteAsync(Shop(provider), sql) : MariaDbServer.ExecuteAsync(Shop(provider), sql);

    [Theory]
    [InlineData("PostgreSql", "integer", "text")]
    [InlineData("MySql", "int(11)", "text")]
    public async Task Columns_of_the_wrong_type_are_configuration_findings_naming_the_column_and_its_type(string provider, string integerType, string textType)
    {
        await ExecuteAsync(provider, """
            CREATE TABLE typed_log (id integer, level varchar(20), message integer, created_at timestamp);
            CREATE TABLE typed_queue (id integer, status varchar(20), created_at text);
            INSERT INTO typed_log VALUES (1, 'error', 42, '2026-01-01 00:00:00');
            INSERT INTO typed_queue VALUES (1, 'failed', 'yesterday');
            """);
        await using var sp = services.BuildServices(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "shop",
            ["Runbook:Targets:0:Provider"] = provider,
            ["Runbook:Targets:0:ConnectionString"] = Shop(provider),
            ["Runbook:Targets:0:ErrorLog:Table"] = "typed_log",
            ["Runbook:Targets:0:Queues:0:Table"] = "typed_queue",
            ["Runbook:Targets:0:Queues:1:Table"] = "sync_queue",
            ["Runbook:Targets:0:Queues:1:StatusColumn"] = "state",
        });

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.Equal(
            $"Runbook:Targets:0:ErrorLog:MessageColumn 'message' in typed_log is {integerType}; it must be a text column (char, varchar, text or enum).",
            Assert.Single(target.Findings, f => f.Check == "config:error-log").Message);
        Assert.Equal(
            $"Runbook:Targets:0:Queues:0:CreatedAtColumn 'created_at' in typed_queue is {textType}; it must be a date or timestamp column.",
            Assert.Single(target.Findings, f => f.Check == "config:queue:typed_queue").Message);
        Assert.StartsWith("Runbook:Targets:0:Queues:1:StatusColumn 'state' is not a column of sync_queue (its columns: id, ", Assert.Single(target.Findings, f => f.Check == "config:queue:sync_queue").Message, StringComparison.Ordinal);
        Assert.All(target.Findings.Where(f => f.Check.StartsWith("config:", StringComparison.Ordinal)), f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.NotNull(target.Server);
    }

    [Fact]
    public async Task A_password_set_with_alter_role_never_reaches_output_logs_or_stored_reports()
    {
        const string Password = "Hunter2-Rotated-Pw";
        var role = "probe_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresServer.ExecuteAsync(services.PostgresShop, $"CREATE ROLE {role} LOGIN PASSWORD '{Password}'; ALTER ROLE {role} PASSWORD '{Password}';");
        await using (var connection = new NpgsqlConnection(services.PostgresShop))
        {
            // The risk is real: pg_stat_statements keeps utility statements' literals.
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%{Password}%'", connection);
            Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
        }

        await using var sleeper = await SleepWithLiteralAsync("PostgreSql", "carol-literal@example.com");
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:HealthCheck:SlowStatements"] = "100";
        settings["Runbook:HealthCheck:LongRunningQueryThreshold"] = "00:00:01";

        var (_, json, jsonError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "health", "check", "--json", "--verbosity", "Trace");
        var (_, table, tableError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "health", "check", "--verbosity", "Trace");
        var stored = await StoredBlobsAsync();

        foreach (var text in new[] { json, jsonError, table, tableError, stored })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("carol-literal", text, StringComparison.Ordinal);
        }

        var server = JsonDocument.Parse(json).RootElement.GetProperty("targets")[0].GetProperty("server");
        var running = server.GetProperty("longRunningQueries").EnumerateArray().Select(q => q.GetProperty("query").GetString()).ToList();
        Assert.Contains("SELECT pg_sleep(30), '?'", running);
        Assert.DoesNotContain(server.GetProperty("slowStatements").GetProperty("statements").EnumerateArray(), s => s.GetProperty("query").GetString()!.Contains(role, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_literal_in_a_long_running_mysql_statement_is_redacted()
    {
        await using var sleeper = await SleepWithLiteralAsync("MySql", "dave-literal@example.com");
        var settings = ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop);
        settings["Runbook:HealthCheck:LongRunningQueryThreshold"] = "00:00:01";
        await using var sp = services.BuildServices(settings);

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.Contains(target.Server!.LongRunningQueries, q => q.Query == "SELECT SLEEP(30), '?'");
        Assert.DoesNotContain("dave-literal", JsonSerializer.Serialize(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_log_window_is_utc_whatever_the_servers_time_zone_for_timestamp_without_time_zone()
    {
        var now = services.Clock.GetUtcNow().UtcDateTime;
        await using (var connection = new NpgsqlConnection(services.PostgresShop))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE local_log (level text, message text, created_at timestamp without time zone)", connection);
            await create.ExecuteNonQueryAsync();
            foreach (var hoursAgo in new[] { 1.0, 20.5, 23.5, 24.5, 27.5, 33.0 })
            {
                await using var insert = new NpgsqlCommand("INSERT INTO local_log VALUES ('error', 'boom', @at)", connection);
                insert.Parameters.AddWithValue("at", NpgsqlTypes.NpgsqlDbType.Timestamp, DateTime.SpecifyKind(now.AddHours(-hoursAgo), DateTimeKind.Unspecified));
                await insert.ExecuteNonQueryAsync();
            }
        }

        var database = new NpgsqlConnectionStringBuilder(services.PostgresShop).Database;
        var counts = new List<long>();
        foreach (var zone in new[] { "UTC", "America/New_York", "Asia/Tokyo" })
        {
            await PostgresServer.ExecuteAsync(services.Postgres.ConnectionString(), $"ALTER DATABASE \"{database}\" SET TimeZone = '{zone}'");
            await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop, logTable: "local_log"));
            counts.Add(Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets).ErrorLog!.ErrorCount);
        }

        Assert.Equal([3L, 3L, 3L], counts);
    }

    [Fact]
    public async Task A_rotated_password_is_read_again_from_key_vault_when_the_login_is_refused()
    {
        var user = "rot_" + Guid.NewGuid().ToString("N")[..8];
        var database = new MySqlConnectionStringBuilder(services.MariaDbShop).Database;
        await MariaDbServer.ExecuteAsync(services.MariaDb.ConnectionString(), $"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY 'old-pw'; GRANT ALL ON `{database}`.* TO '{user}'@'127.0.0.1';");
        string For(string password) => new MySqlConnectionStringBuilder(services.MariaDbShop) { UserID = user, Password = password, Pooling = false }.ConnectionString;
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["shop-db"] = For("old-pw");
        var settings = new Dictionary<string, string?>
        {
            ["Runbook:KeyVault:VaultUri"] = vault.VaultUri.ToString(),
            ["Runbook:Targets:0:Name"] = "shop",
            ["Runbook:Targets:0:Provider"] = "MySql",
            ["Runbook:Targets:0:ConnectionStringSecret"] = "shop-db",
        };
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()), settings);
        var job = sp.GetRequiredService<HealthCheckJob>();

        var before = Assert.Single((await job.RunAsync()).Targets);
        await MariaDbServer.ExecuteAsync(services.MariaDb.ConnectionString(), $"ALTER USER '{user}'@'127.0.0.1' IDENTIFIED BY 'new-pw'");
        var cached = Assert.Single((await job.RunAsync()).Targets);
        vault.Secrets["shop-db"] = For("new-pw");
        var after = Assert.Single((await job.RunAsync()).Targets);

        Assert.True(before.Reachable);
        Assert.False(cached.Reachable);
        Assert.Contains("Access denied", cached.Findings.Single().Message, StringComparison.Ordinal);
        Assert.DoesNotContain("old-pw", cached.Findings.Single().Message, StringComparison.Ordinal);
        Assert.True(after.Reachable);
        // One read at start, one re-read on each refused login; none while the cached string worked.
        Assert.Equal(3, vault.AuthorizedRequests);
    }

    [Theory]
    [InlineData("unreachable")]
    [InlineData("silent")]
    public async Task Storage_that_is_down_prints_the_findings_and_exits_3(string kind)
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = kind == "silent" ? AcceptForeverAsync(silent) : Task.CompletedTask;
        var port = kind == "silent" ? ((System.Net.IPEndPoint)silent.LocalEndpoint).Port : LocalProcess.FreePort();
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Storage:ConnectionString"] = services.Azurite.ConnectionString.Replace($":{services.Azurite.Port}/", $":{port}/", StringComparison.Ordinal);
        settings["Runbook:Storage:Timeout"] = "00:00:03";
        settings["Runbook:Storage:NetworkTimeout"] = "00:00:01";

        var (exitCode, output, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "health", "check");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("shop (PostgreSql) Warning", output, StringComparison.Ordinal);
        Assert.Contains("10 error(s) and 4 warning(s) in error_log", output, StringComparison.Ordinal);
        Assert.Contains("error: the findings above were not stored: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", error, StringComparison.Ordinal);
        silent.Stop();
        await Task.WhenAny(accepted, Task.Delay(100));
    }

    private static async Task AcceptForeverAsync(System.Net.Sockets.TcpListener listener)
    {
        var sockets = new List<System.Net.Sockets.Socket>();
        try
        {
            while (true)
            {
                sockets.Add(await listener.AcceptSocketAsync());
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private async Task<string> StoredBlobsAsync()
    {
        var container = services.Azurite.CreateClient().GetBlobContainerClient(services.ReportsContainer);
        var all = new System.Text.StringBuilder();
        await foreach (var blob in container.GetBlobsAsync())
        {
            all.Append((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content);
        }

        Assert.True(all.Length > 0, "no report was stored");
        return all.ToString();
    }

    // A statement with a literal that runs for 30 s on its own connection, until disposed.
    private async Task<IAsyncDisposable> SleepWithLiteralAsync(string provider, string literal)
    {
        var sleeper = new Sleeper();
        sleeper.Run = Task.Run(async () =>
        {
            try
            {
                if (provider == "PostgreSql")
                {
                    await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(services.PostgresShop) { Pooling = false }.ConnectionString);
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand($"SELECT pg_sleep(30), '{literal}'", connection) { CommandTimeout = 60 };
                    await command.ExecuteNonQueryAsync(sleeper.Stop.Token);
                }
                else
                {
                    await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(services.MariaDbShop) { Pooling = false }.ConnectionString);
                    await connection.OpenAsync();
                    await using var command = new MySqlCommand($"SELECT SLEEP(30), '{literal}'", connection) { CommandTimeout = 60 };
                    await command.ExecuteNonQueryAsync(sleeper.Stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or DbExceptionAlias)
            {
            }
        });
        // Wait until the server itself shows the statement running past the 1 s threshold (MySQL counts whole seconds).
        var visible = provider == "PostgreSql"
            ? "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%' AND clock_timestamp() - query_start > interval '1500 milliseconds'"
            : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE 'SELECT SLEEP(30)%' AND TIME >= 2";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using System.Data.Common.DbConnection probe = provider == "PostgreSql" ? new NpgsqlConnection(Shop(provider)) : new MySqlConnection(Shop(provider));
            await probe.OpenAsync();
            if (await Runbook.Targets.DbConnectionExtensions.ScalarAsync<long>(probe, visible, TimeSpan.FromSeconds(5), CancellationToken.None) > 0)
            {
                return sleeper;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The sleeping statement never showed up as long-running.");
    }

    private sealed class Sleeper : IAsyncDisposable
    {
        public CancellationTokenSource Stop { get; } = new();

        public Task Run { get; set; } = Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Run;
            Stop.Dispose();
        }
    }
}
