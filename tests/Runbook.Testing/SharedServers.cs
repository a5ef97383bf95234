using System.Globalization;
using MySqlConnector;
using Npgsql;

namespace Runbook.Testing;

/// <summary>
/// PostgreSQL, MariaDB and Azurite, started once per test process on free loopback ports and stopped when it exits,
/// with the sample shop seeded once into a template database on each engine. Every test class takes its own copy
/// (<see cref="CreatePostgresShopAsync"/>, <see cref="CreateMariaDbShopAsync"/>), so classes run in parallel and a
/// test that changes data changes only its own. Set RUNBOOK_TEST_SEED_DELAY (seconds) to wait between seeding and the
/// first test, which proves that no assertion depends on how long ago the shop was seeded.
/// </summary>
public sealed class SharedServers
{
    private const string Template = "shop_template";
    private static readonly Lazy<Task<SharedServers>> Instance = new(StartAsync);
    private readonly SemaphoreSlim _copyLock = new(1, 1);

    private SharedServers(PostgresServer postgres, MariaDbServer mariaDb, AzuriteServer azurite)
    {
        Postgres = postgres;
        MariaDb = mariaDb;
        Azurite = azurite;
    }

    /// <summary>The PostgreSQL cluster (pg_stat_statements preloaded).</summary>
    public PostgresServer Postgres { get; }

    /// <summary>The MariaDB server (performance_schema on).</summary>
    public MariaDbServer MariaDb { get; }

    /// <summary>The Blob service.</summary>
    public AzuriteServer Azurite { get; }

    /// <summary>When the templates were seeded (the later of the two engines): the "now" their figures hold for.</summary>
    public DateTimeOffset SeededAt { get; private set; }

    /// <summary>The servers of this test process, started on first use.</summary>
    public static Task<SharedServers> GetAsync() => Instance.Value;

    /// <summary>A new PostgreSQL database copied from the seeded shop template; returns its connection string.</summary>
    public async Task<string> CreatePostgresShopAsync()
    {
        var name = NewName();
        await _copyLock.WaitAsync();
        try
        {
            // CREATE DATABASE ... TEMPLATE refuses while anyone else copies or connects to the template.
            await PostgresServer.ExecuteAsync(Unpooled(Postgres.ConnectionString()), $"CREATE DATABASE \"{name}\" TEMPLATE {Template}");
        }
        finally
        {
            _copyLock.Release();
        }

        return Postgres.ConnectionString(name);
    }

    /// <summary>A new MariaDB database with every table of the seeded shop template copied; returns its connection string.</summary>
    public async Task<string> CreateMariaDbShopAsync()
    {
        var name = NewName();
        var connectionString = await MariaDb.CreateDatabaseAsync(name);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new MySqlCommand($"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Template}' AND TABLE_TYPE = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var copy = new MySqlCommand($"CREATE TABLE `{table}` LIKE `{Template}`.`{table}`; INSERT INTO `{table}` SELECT * FROM `{Template}`.`{table}`; ANALYZE TABLE `{table}`;", connection);
            await copy.ExecuteNonQueryAsync();
        }

        return connectionString;
    }

    /// <summary>A new copy of the shop on <paramref name="provider"/> (<c>PostgreSql</c> or <c>MySql</c>); returns its connection string.</summary>
    public Task<string> CreateShopAsync(string provider) => provider == "PostgreSql" ? CreatePostgresShopAsync() : CreateMariaDbShopAsync();

    private static async Task<SharedServers> StartAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var mariaDb = MariaDbServer.StartAsync();
        var azurite = AzuriteServer.StartAsync();
        var servers = new SharedServers(await postgres, await mariaDb, await azurite);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.StopAsync().GetAwaiter().GetResult();

        await servers.Postgres.CreateDatabaseAsync(Template);
        await PostgresServer.ExecuteAsync(Unpooled(servers.Postgres.ConnectionString(Template)), "CREATE EXTENSION pg_stat_statements;\n" + SampleShop.PostgreSql + "\nANALYZE;");
        var mariaDbTemplate = await servers.MariaDb.CreateDatabaseAsync(Template);
        await MariaDbServer.ExecuteAsync(mariaDbTemplate, SampleShop.MySql);
        servers.SeededAt = DateTimeOffset.UtcNow;

        if (int.TryParse(Environment.GetEnvironmentVariable("RUNBOOK_TEST_SEED_DELAY"), NumberStyles.None, CultureInfo.InvariantCulture, out var delay) && delay > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(delay));
        }

        return servers;
    }

    // The runner gives ProcessExit little time: the killed processes first, then pg_ctl's immediate stop.
    private async Task StopAsync()
    {
        await Task.WhenAll(MariaDb.DisposeAsync().AsTask(), Azurite.DisposeAsync().AsTask(), Postgres.DisposeAsync().AsTask());
    }

    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static string NewName() => "shop_" + Guid.NewGuid().ToString("N")[..10];
}
