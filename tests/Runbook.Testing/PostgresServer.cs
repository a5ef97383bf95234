using Npgsql;

namespace Runbook.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp folder, started on a free loopback port with
/// pg_stat_statements preloaded and wal_level=logical (so tests can create replication slots), stopped and deleted on dispose. As root, it runs as the postgres user
/// (initdb and postgres refuse root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _binDir;
    private ServerWatchdog? _watchdog;

    private PostgresServer(string folder, string binDir, int port)
    {
        _folder = folder;
        _binDir = binDir;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    private string DataDir => Path.Combine(_folder, "data");

    /// <summary>Initializes and starts a cluster.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDir = FindBinDir();
        var folder = LocalProcess.TempFolder("runbook-pg");
        if (LocalProcess.IsRoot)
        {
            await LocalProcess.RunAsync("chown", ["postgres:postgres", folder], TimeSpan.FromSeconds(10));
        }

        var server = new PostgresServer(folder, binDir, LocalProcess.FreePort());
        await LocalProcess.RunAsync(Path.Combine(binDir, "initdb"), ["-D", server.DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], TimeSpan.FromMinutes(2), OsUser);
        await server.StartInstanceAsync();
        return server;
    }

    /// <summary>
    /// A streaming replica of this cluster (pg_basebackup -R over loopback, hot standby on a port of its own); dispose it
    /// to stop it. Its primary lists it in pg_stat_replication while it runs.
    /// </summary>
    public async Task<PostgresServer> StartStandbyAsync()
    {
        var folder = LocalProcess.TempFolder("runbook-pg-standby");
        if (LocalProcess.IsRoot)
        {
            await LocalProcess.RunAsync("chown", ["postgres:postgres", folder], TimeSpan.FromSeconds(10));
        }

        var standby = new PostgresServer(folder, _binDir, LocalProcess.FreePort());
        string[] backup = ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-D", standby.DataDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"];
        await LocalProcess.RunAsync(Path.Combine(_binDir, "pg_basebackup"), backup, TimeSpan.FromMinutes(3), OsUser);
        await standby.StartInstanceAsync();
        return standby;
    }

    private static string? OsUser => LocalProcess.IsRoot ? "postgres" : null;

    private async Task StartInstanceAsync()
    {
        var options = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c timezone=UTC";
        await LocalProcess.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o", options, "start"], TimeSpan.FromMinutes(2), OsUser);
        string[] stop = [Path.Combine(_binDir, "pg_ctl"), "-D", DataDir, "-m", "immediate", "-w", "stop"];
        _watchdog = ServerWatchdog.Start(_folder, OsUser is null ? stop : ["runuser", "-u", OsUser, "--", .. stop]);
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 10 }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Runs a script (several statements) against <paramref name="connectionString"/>.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Runs one of the cluster's own client programs (<c>psql</c>, <c>pg_dump</c>) on <paramref name="database"/> over
    /// loopback as the superuser; returns what it printed, or throws with it when the program fails.
    /// </summary>
    public Task<string> RunClientAsync(string program, string database, IEnumerable<string> arguments, TimeSpan timeout) =>
        LocalProcess.RunAsync(
            Path.Combine(_binDir, program),
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, .. arguments],
            timeout);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await LocalProcess.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1), OsUser);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        NpgsqlConnection.ClearAllPools();
        if (_watchdog is null)
        {
            LocalProcess.DeleteQuietly(_folder);
        }

        _watchdog?.Dispose();
    }

    private static string FindBinDir()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RUNBOOK_PG_BINDIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).LastOrDefault()
              ?? throw new InvalidOperationException("PostgreSQL is not installed: run ./build.sh test, which installs it.")
            : throw new InvalidOperationException("PostgreSQL is not installed: run ./build.sh test, which installs it.");
    }
}
