using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Health;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Health;

/// <summary>
/// Faults found by a probe, on the real servers: a connection reset or frozen mid-check, the server killing the session
/// while the check waits, a lock held on the error log, a server or vault that accepts and never answers. One target's
/// fault is that target's finding; the other target is checked and the report is written.
/// </summary>
public sealed class HealthCheckFaultTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private string Shop(string provider) => provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;

    private static string Other(string provider) => provider == "PostgreSql" ? "MySql" : "PostgreSql";

    private string ThroughPort(string provider, int port) => provider == "PostgreSql"
        ? new NpgsqlConnectionStringBuilder(Shop(provider)) { Port = port }.ConnectionString
        : new MySqlConnectionStringBuilder(Shop(provider)) { Port = (uint)port }.ConnectionString;

    private int ServerPort(string provider) => provider == "PostgreSql" ? services.Postgres.Port : services.MariaDb.Port;

    // The faulty target first, so the healthy one is checked after the fault.
    private Dictionary<string, string?> TwoTargets(string provider, string faultyConnectionString) =>
        ShopFixture.ShopTarget(0, "faulty", provider, faultyConnectionString)
            .Concat(ShopFixture.ShopTarget(1, "healthy", Other(provider), Shop(Other(provider))))
            .ToDictionary(p => p.Key, p => p.Value);

    private static void AssertHealthyAndStored(HealthCheckReport report)
    {
        var healthy = report.Targets.Single(t => t.Target == "healthy");
        Assert.True(healthy.Reachable);
        Assert.Equal(SampleShop.ErrorsLast24Hours, healthy.ErrorLog!.ErrorCount);
        Assert.Equal(2, healthy.Queues.Count);
        Assert.NotNull(healthy.Server);
        Assert.Equal(Severity.Critical, report.Severity);
        Assert.Null(report.StorageFailure);
        Assert.Equal(4, report.ReportLocations.Count);
    }

    public static TheoryData<string, string, string, ProxyFault> MidCheckFaults => new()
    {
        { "PostgreSql", "latency", "SELECT 1", ProxyFault.Reset },
        { "PostgreSql", "latency", "SELECT 1", ProxyFault.Freeze },
        { "PostgreSql", "server", "pg_database_size", ProxyFault.Reset },
        { "PostgreSql", "server", "pg_database_size", ProxyFault.Freeze },
        { "MySql", "latency", "SELECT 1", ProxyFault.Reset },
        { "MySql", "latency", "SELECT 1", ProxyFault.Freeze },
        { "MySql", "server", "SHOW GLOBAL STATUS", ProxyFault.Reset },
        { "MySql", "server", "SHOW GLOBAL STATUS", ProxyFault.Freeze },
    };

    [Theory]
    [MemberData(nameof(MidCheckFaults))]
    public async Task A_connection_reset_or_frozen_mid_check_is_that_targets_critical_finding(string provider, string read, string trigger, ProxyFault fault)
    {
        await using var proxy = new FaultProxy(ServerPort(provider));
        proxy.On(trigger, fault);
        var settings = TwoTargets(provider, ThroughPort(provider, proxy.Port));
        settings["Runbook:HealthCheck:CommandTimeout"] = "00:00:02";
        settings["Runbook:HealthCheck:ConnectTimeout"] = "00:00:03";
        await using var sp = services.BuildServices(settings);

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();

        Assert.True(proxy.Triggered);
        var faulty = report.Targets.Single(t => t.Target == "faulty");
        var finding = Assert.Single(faulty.Findings, f => f.Severity == Severity.Critical);
        Assert.Equal("read:" + read, finding.Check);
        Assert.StartsWith("Lost the connection to faulty while reading", finding.Message, StringComparison.Ordinal);
        Assert.Null(faulty.ErrorLog);
        AssertHealthyAndStored(report);
    }

    [Fact]
    public async Task A_reset_mid_check_exits_2_from_the_cli_with_the_other_target_checked_and_the_report_stored()
    {
        await using var proxy = new FaultProxy(ServerPort("PostgreSql"));
        proxy.On("pg_database_size", ProxyFault.Reset);
        var settings = services.Settings(TwoTargets("PostgreSql", ThroughPort("PostgreSql", proxy.Port)));

        var (exitCode, output, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "health", "check", "--json");

        Assert.True(exitCode == Runbook.Cli.ExitCodes.Critical, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("target").GetString()!);
        Assert.Equal("Critical", targets["faulty"].GetProperty("severity").GetString());
        Assert.Equal(10, targets["healthy"].GetProperty("errorLog").GetProperty("errorCount").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("reportLocations").GetArrayLength());
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_server_killing_the_session_while_the_check_waits_on_a_lock_is_critical(string provider)
    {
        await using var holder = await LockErrorLogAsync(provider);
        var settings = TwoTargets(provider, Shop(provider));
        settings["Runbook:HealthCheck:LockTimeout"] = "00:00:50";
        await using var sp = services.BuildServices(settings);

        var run = sp.GetRequiredService<HealthCheckJob>().RunAsync();
        await KillTheWaitingSessionAsync(provider);
        var report = await run;

        var faulty = report.Targets.Single(t => t.Target == "faulty");
        var finding = Assert.Single(faulty.Findings, f => f.Severity == Severity.Critical);
        Assert.StartsWith("Lost the connection to faulty while reading", finding.Message, StringComparison.Ordinal);
        AssertHealthyAndStored(report);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_lock_held_on_the_error_log_is_a_warning_about_that_read_alone(string provider)
    {
        await using var holder = await LockErrorLogAsync(provider);
        var settings = ShopFixture.ShopTarget(0, "shop", provider, Shop(provider));
        settings["Runbook:HealthCheck:LockTimeout"] = "00:00:01";
        await using var sp = services.BuildServices(settings);

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        var finding = Assert.Single(target.Findings, f => f.Check == "read:error-log");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("a lock held by another session did not clear within 00:00:01", finding.Message, StringComparison.Ordinal);
        Assert.NotNull(target.LatencyMilliseconds);
        var server = Assert.IsType<ServerStatistics>(target.Server);
        Assert.Contains(server.LargestTables, t => t.Name.EndsWith(".error_log", StringComparison.Ordinal));
        Assert.InRange(server.ConnectionsInUse, 2, server.MaxConnections);
        Assert.Contains(target.Findings, f => f.Check == "connections");
        Assert.Equal(2, target.Queues.Count);
        Assert.DoesNotContain(target.Findings, f => f.Severity == Severity.Critical);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Connect_timeout_bounds_a_server_that_accepts_and_never_answers(string provider)
    {
        using var silent = new SilentServer();
        var settings = TwoTargets(provider, ThroughPort(provider, silent.Port));
        settings["Runbook:HealthCheck:ConnectTimeout"] = "00:00:02";
        await using var sp = services.BuildServices(settings);
        var stopwatch = Stopwatch.StartNew();

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();

        // The drivers' own default is 15 s; the configured 2 s must be what bounds the wait.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(12));
        var faulty = report.Targets.Single(t => t.Target == "faulty");
        Assert.False(faulty.Reachable);
        Assert.Equal("Cannot connect to faulty: no connection within 2 s (Runbook:HealthCheck:ConnectTimeout)", faulty.Findings.Single().Message);
        AssertHealthyAndStored(report);
    }

    [Fact]
    public async Task Connect_timeout_counts_the_key_vault_read()
    {
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["shop-db"] = services.MariaDbShop;
        vault.Delay = TimeSpan.FromSeconds(30);
        var settings = new Dictionary<string, string?>
        {
            ["Runbook:KeyVault:VaultUri"] = vault.VaultUri.ToString(),
            ["Runbook:Targets:0:Name"] = "faulty",
            ["Runbook:Targets:0:Provider"] = "MySql",
            ["Runbook:Targets:0:ConnectionStringSecret"] = "shop-db",
            ["Runbook:HealthCheck:ConnectTimeout"] = "00:00:02",
        };
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()), settings);
        var stopwatch = Stopwatch.StartNew();

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(12));
        Assert.Equal("Cannot connect to faulty: no connection within 2 s (Runbook:HealthCheck:ConnectTimeout)", target.Findings.Single().Message);
    }

    private async Task<IAsyncDisposable> LockErrorLogAsync(string provider)
    {
        if (provider == "PostgreSql")
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Shop(provider)) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("BEGIN; LOCK TABLE error_log IN ACCESS EXCLUSIVE MODE;", connection);
            await command.ExecuteNonQueryAsync();
            return connection;
        }

        var mysql = new MySqlConnection(new MySqlConnectionStringBuilder(Shop(provider)) { Pooling = false }.ConnectionString);
        await mysql.OpenAsync();
        await using var lockCommand = new MySqlCommand("LOCK TABLES error_log WRITE", mysql);
        await lockCommand.ExecuteNonQueryAsync();
        return mysql;
    }

    private async Task KillTheWaitingSessionAsync(string provider)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (provider == "PostgreSql")
            {
                await using var connection = new NpgsqlConnection(services.Postgres.ConnectionString());
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = @db", connection);
                command.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(services.PostgresShop).Database!);
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    return;
                }
            }
            else
            {
                await using var connection = new MySqlConnection(services.MariaDb.ConnectionString());
                await connection.OpenAsync();
                await using var find = new MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock%' AND DB = @db", connection);
                find.Parameters.AddWithValue("db", new MySqlConnectionStringBuilder(services.MariaDbShop).Database);
                if (await find.ExecuteScalarAsync() is { } id)
                {
                    await using var kill = new MySqlCommand($"KILL CONNECTION {Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)}", connection);
                    await kill.ExecuteNonQueryAsync();
                    return;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The check never waited on the lock.");
    }

    /// <summary>Accepts connections and never sends a byte.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];

        public SilentServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync();
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
