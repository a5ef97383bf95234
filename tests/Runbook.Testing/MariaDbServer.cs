using System.Diagnostics;
using MySqlConnector;

namespace Runbook.Testing;

/// <summary>
/// A throwaway MariaDB server: mariadb-install-db into a temp folder, mariadbd on a free loopback port, killed and
/// deleted on dispose. Tests connect as a <c>runbook</c> user over TCP; root is used only through the socket to create it.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    private const string User = "runbook";
    private const string Password = "runbook-test";
    private readonly string _folder;
    private readonly Process _process;
    private readonly ServerWatchdog _watchdog;

    private MariaDbServer(string folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        _watchdog = ServerWatchdog.ForProcess(folder, process.Id);
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    private string Socket => Path.Combine(_folder, "mysqld.sock");

    /// <summary>
    /// Installs and starts a server; <paramref name="performanceSchema"/> turns statement digests on, and
    /// <paramref name="arguments"/> are added to the server's command line (such as <c>--log-bin</c> and <c>--server-id</c>
    /// for a replication pair; a <c>--log-bin</c> there replaces the default <c>--skip-log-bin</c>).
    /// </summary>
    public static async Task<MariaDbServer> StartAsync(bool performanceSchema = true, IReadOnlyList<string>? arguments = null)
    {
        var folder = LocalProcess.TempFolder("runbook-maria");
        var dataDir = Path.Combine(folder, "data");
        await LocalProcess.RunAsync(
            Find("mariadb-install-db", "mysql_install_db"),
            ["--no-defaults", $"--user={Environment.UserName}", $"--datadir={dataDir}", "--auth-root-authentication-method=normal", "--skip-test-db"],
            TimeSpan.FromMinutes(3));

        var port = LocalProcess.FreePort();
        var process = LocalProcess.Start(
            Find("mariadbd", "mysqld"),
            [
                "--no-defaults", $"--user={Environment.UserName}", $"--datadir={dataDir}", $"--port={port}", "--bind-address=127.0.0.1",
                $"--socket={Path.Combine(folder, "mysqld.sock")}", $"--pid-file={Path.Combine(folder, "mysqld.pid")}",
                "--skip-name-resolve", "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=0",
                "--default-time-zone=+00:00", $"--performance-schema={(performanceSchema ? "ON" : "OFF")}",
                .. arguments?.Any(a => a.StartsWith("--log-bin", StringComparison.Ordinal)) == true ? Array.Empty<string>() : ["--skip-log-bin"],
                .. arguments ?? [],
            ],
            Path.Combine(folder, "server.log"));
        var server = new MariaDbServer(folder, process, port);
        await LocalProcess.WaitForPortAsync(port, TimeSpan.FromMinutes(2), () => File.Exists(Path.Combine(folder, "server.log")) ? File.ReadAllText(Path.Combine(folder, "server.log")) : "no log");

        var root = new MySqlConnectionStringBuilder { Server = server.Socket, ConnectionProtocol = MySqlConnectionProtocol.UnixSocket, UserID = "root" }.ConnectionString;
        await ExecuteAsync(root, $"CREATE USER '{User}'@'127.0.0.1' IDENTIFIED BY '{Password}'; GRANT ALL PRIVILEGES ON *.* TO '{User}'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;");
        return server;
    }

    /// <summary>The test user's name and password, for a replica's CHANGE MASTER TO.</summary>
    public static (string User, string Password) Credentials => (User, Password);

    /// <summary>A connection string for <paramref name="database"/> as the test user over TCP.</summary>
    public string ConnectionString(string? database = null) =>
        new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Port,
            UserID = User,
            Password = Password,
            Database = database ?? string.Empty,
            ConnectionTimeout = 10,
            SslMode = MySqlSslMode.None,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync(ConnectionString(), $"CREATE DATABASE `{name}`");
        return ConnectionString(name);
    }

    /// <summary>
    /// Runs a client program (<c>mariadb</c>, <c>mariadb-dump</c>) as the test user over TCP against <paramref name="database"/>,
    /// with <paramref name="standardInputFile"/> as its standard input when given; returns its output.
    /// </summary>
    public Task<string> RunClientAsync(string program, string database, IEnumerable<string> arguments, TimeSpan timeout, string? standardInputFile = null) =>
        LocalProcess.RunAsync(
            Find(program),
            ["--no-defaults", "--protocol=TCP", "-h", "127.0.0.1", "-P", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", User, $"--password={Password}", .. arguments, database],
            timeout,
            standardInputFile: standardInputFile);

    /// <summary>Runs a script (several statements) against <paramref name="connectionString"/>.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _watchdog.Dispose();
    }

    private static string Find(params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var dir in new[] { "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new InvalidOperationException($"{names[0]} is not installed: run ./build.sh test, which installs mariadb-server.");
    }
}
