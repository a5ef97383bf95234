using System.Data;
using Npgsql;
using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// What the dump reads is one snapshot: transactions that commit while it runs are wholly out of it, and a dump that
/// cannot finish fails loudly instead of returning half a database.
/// </summary>
public sealed class PostgreSqlDumpConsistencyTests
{
    // accounts_a and accounts_b are dumped first: after accounts_a's rows are read, transfers between the two tables
    // and order + order line pairs keep committing; the restored copy must still add up.
    [Fact]
    public async Task Transactions_committed_during_the_dump_are_wholly_in_it_or_wholly_out()
    {
        var servers = await SharedServers.GetAsync();
        var (name, source) = await CreateAsync(servers, """
            CREATE TABLE accounts_a (id integer PRIMARY KEY, balance bigint NOT NULL);
            CREATE TABLE accounts_b (id integer PRIMARY KEY, balance bigint NOT NULL);
            CREATE TABLE orders (id integer PRIMARY KEY);
            CREATE TABLE order_lines (order_id integer NOT NULL REFERENCES orders, line integer NOT NULL, PRIMARY KEY (order_id, line));
            INSERT INTO accounts_a SELECT i, 100 FROM generate_series(1, 500) i;
            INSERT INTO accounts_b SELECT i, 100 FROM generate_series(1, 500) i;
            INSERT INTO orders SELECT i FROM generate_series(1, 10) i;
            INSERT INTO order_lines SELECT i, l FROM generate_series(1, 10) i, generate_series(1, 2) l;
            """);
        var transfers = new ConcurrentTransfers(() => new NpgsqlConnection(source));
        var file = Path.Combine(Path.GetTempPath(), $"consistency-{Guid.NewGuid():N}.sql");
        try
        {
            await using (var connection = new NpgsqlConnection(source))
            await using (var output = File.Create(file))
            {
                await connection.OpenAsync();
                await RichDumpFixture.Dumper().DumpAsync(connection, output, new DumpOptions { Progress = transfers.WaitAfter("public.accounts_a") });
            }

            await transfers.StopAsync();

            var restoredName = name + "_restored";
            var restored = await servers.Postgres.CreateDatabaseAsync(restoredName);
            await PostgresCopies.RestoreAsync(servers.Postgres, restoredName, file);
            await using var check = new NpgsqlConnection(restored);
            await check.OpenAsync();
            Assert.Equal(2 * ConcurrentTransfers.Accounts * ConcurrentTransfers.Balance, await ScalarAsync<long>(check, "SELECT ((SELECT sum(balance) FROM accounts_a) + (SELECT sum(balance) FROM accounts_b))::bigint"));
            Assert.Equal(0L, await ScalarAsync<long>(check, "SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) <> 2"));
            // Nothing committed after accounts_a was read is in the copy; the source went on without it.
            var orders = await ScalarAsync<long>(check, "SELECT count(*) FROM orders");
            Assert.InRange(orders, 10, 10 + transfers.Before);
            await using var live = new NpgsqlConnection(source);
            await live.OpenAsync();
            Assert.True(await ScalarAsync<long>(live, "SELECT count(*) FROM orders") >= 10 + transfers.After);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_connection_killed_midway_fails_the_dump_with_the_step_and_the_reason()
    {
        var servers = await SharedServers.GetAsync();
        await using var connection = await OpenNewAsync(servers, "CREATE TABLE t1 (id integer); CREATE TABLE t2 (id integer); INSERT INTO t1 VALUES (1); INSERT INTO t2 VALUES (2);");
        var pid = connection.ProcessID;
        var progress = new BlockingProgress(p =>
        {
            if (p is { TableCompleted: true, Table: "public.t1" })
            {
                using var killer = new NpgsqlConnection(servers.Postgres.ConnectionString());
                killer.Open();
                using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({pid}, 10000)", killer);
                kill.ExecuteNonQuery();
            }
        });
        using var output = new MemoryStream();

        var failure = await Assert.ThrowsAsync<DumpFailedException>(() => RichDumpFixture.Dumper().DumpAsync(connection, output, new DumpOptions { Progress = progress }));

        Assert.Equal("reading table public.t2", failure.Step);
        Assert.StartsWith($"The dump of database '{connection.Database}' failed while reading table public.t2: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("terminating connection", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Runbook dump complete", System.Text.Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        Assert.NotEqual(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task A_table_locked_exclusively_fails_the_dump_after_the_lock_timeout()
    {
        var servers = await SharedServers.GetAsync();
        await using var connection = await OpenNewAsync(servers, "CREATE TABLE busy (id integer);");
        await using var holder = new NpgsqlConnection(connection.ConnectionString);
        await holder.OpenAsync();
        await using (var hold = new NpgsqlCommand("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE;", holder))
        {
            await hold.ExecuteNonQueryAsync();
        }

        using var output = new MemoryStream();

        var failure = await Assert.ThrowsAsync<DumpFailedException>(
            () => RichDumpFixture.Dumper().DumpAsync(connection, output, new DumpOptions { LockTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal("locking the tables", failure.Step);
        Assert.Contains("lock timeout", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
        Assert.Equal(1, await ScalarAsync<int>(connection, "SELECT 1"));
        Assert.Equal("off", await ScalarAsync<string>(connection, "SELECT current_setting('transaction_read_only')"));
        Assert.Equal("\"$user\", public", await ScalarAsync<string>(connection, "SELECT current_setting('search_path')"));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_read()
    {
        var servers = await SharedServers.GetAsync();
        var dumper = RichDumpFixture.Dumper();
        using var output = new MemoryStream();
        await using var closed = new NpgsqlConnection(servers.Postgres.ConnectionString());
        await using var other = new MySqlConnector.MySqlConnection();

        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(closed, output));
        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(other, output));
        await using var open = new NpgsqlConnection(servers.Postgres.ConnectionString());
        await open.OpenAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(open, new MemoryStream([], writable: false)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => dumper.DumpAsync(open, output, new DumpOptions { LockTimeout = TimeSpan.Zero }));
        Assert.Equal(0, output.Length);
    }

    private static async Task<(string Name, string ConnectionString)> CreateAsync(SharedServers servers, string sql)
    {
        var name = "dump_" + Guid.NewGuid().ToString("N")[..10];
        var connectionString = await servers.Postgres.CreateDatabaseAsync(name);
        await PostgresServer.ExecuteAsync(connectionString, sql);
        return (name, connectionString);
    }

    private static async Task<NpgsqlConnection> OpenNewAsync(SharedServers servers, string sql)
    {
        var connection = new NpgsqlConnection((await CreateAsync(servers, sql)).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
