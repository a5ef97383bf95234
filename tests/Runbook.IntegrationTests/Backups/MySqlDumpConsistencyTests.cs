using System.Data;
using MySqlConnector;
using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// What the MariaDB dump reads is one snapshot, taken before anything is read: transactions that commit while it runs
/// are wholly out of it, and a dump that cannot finish fails loudly instead of returning half a database.
/// </summary>
public sealed class MySqlDumpConsistencyTests
{
    // accounts_a and accounts_b are dumped first: after accounts_a's rows are read, transfers between the two tables
    // and order + order line pairs keep committing; the restored copy must still add up.
    [Fact]
    public async Task Transactions_committed_during_the_dump_are_wholly_in_it_or_wholly_out()
    {
        var servers = await SharedServers.GetAsync();
        var (name, source) = await CreateAsync(servers, """
            CREATE TABLE accounts_a (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB;
            CREATE TABLE accounts_b (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB;
            CREATE TABLE orders (id INT PRIMARY KEY) ENGINE=InnoDB;
            CREATE TABLE order_lines (order_id INT NOT NULL, line INT NOT NULL, PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES orders (id)) ENGINE=InnoDB;
            INSERT INTO accounts_a SELECT seq, 100 FROM seq_1_to_500;
            INSERT INTO accounts_b SELECT seq, 100 FROM seq_1_to_500;
            INSERT INTO orders SELECT seq FROM seq_1_to_10;
            INSERT INTO order_lines SELECT o.seq, l.seq FROM seq_1_to_10 o, seq_1_to_2 l;
            """);
        var transfers = new ConcurrentTransfers(() => new MySqlConnection(source));
        var file = Path.Combine(Path.GetTempPath(), $"consistency-{Guid.NewGuid():N}.sql");
        try
        {
            await using (var connection = new MySqlConnection(source))
            await using (var output = File.Create(file))
            {
                await connection.OpenAsync();
                await MySqlDumpFixture.Dumper().DumpAsync(connection, output, new DumpOptions { Progress = transfers.WaitAfter("`accounts_a`") });
            }

            await transfers.StopAsync();

            var restored = await servers.MariaDb.CreateDatabaseAsync(name + "_restored");
            await MariaDbCopies.RestoreAsync(servers.MariaDb, name + "_restored", file);
            Assert.Equal(2 * ConcurrentTransfers.Accounts * ConcurrentTransfers.Balance, Convert.ToInt64(await ScalarAsync(restored, "SELECT (SELECT SUM(balance) FROM accounts_a) + (SELECT SUM(balance) FROM accounts_b)")));
            Assert.Equal(0L, await ScalarAsync(restored, "SELECT COUNT(*) FROM orders o WHERE (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) <> 2"));
            Assert.Equal(0L, await ScalarAsync(restored, "SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)"));
            // Nothing committed after accounts_a was read is in the copy; the source went on without it.
            Assert.InRange((long)(await ScalarAsync(restored, "SELECT COUNT(*) FROM orders"))!, 10, 10 + transfers.Before);
            Assert.True((long)(await ScalarAsync(source, "SELECT COUNT(*) FROM orders"))! >= 10 + transfers.After);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The historical failure: START TRANSACTION written into the file while the rows were read without a snapshot.
    // Here the tables are write-locked by another session, so the dump stops at its first touch of them; rows changed
    // and committed while it waits must not be in the dump, which proves the snapshot was taken before that first read.
    [Fact]
    public async Task The_snapshot_is_taken_before_the_first_read()
    {
        var servers = await SharedServers.GetAsync();
        var (_, source) = await CreateAsync(servers, """
            CREATE TABLE first_read (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL) ENGINE=InnoDB;
            CREATE TABLE second_read (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL) ENGINE=InnoDB;
            INSERT INTO first_read VALUES (1, 'before');
            INSERT INTO second_read VALUES (1, 'before');
            """);
        await using var holder = new MySqlConnection(source);
        await holder.OpenAsync();
        await ExecuteAsync(holder, "LOCK TABLES first_read WRITE, second_read WRITE");
        await using var connection = new MySqlConnection(source);
        await connection.OpenAsync();
        using var output = new MemoryStream();

        var dump = MySqlDumpFixture.Dumper().DumpAsync(connection, output);
        var waited = SpinWait.SpinUntil(
            () => ScalarAsync(source, $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {connection.ServerThread} AND STATE = 'Waiting for table metadata lock'").GetAwaiter().GetResult() is 1L,
            TimeSpan.FromSeconds(30));
        Assert.True(waited, "the dump never waited for the locked tables");
        await ExecuteAsync(holder, "UPDATE first_read SET v = 'after'; INSERT INTO second_read VALUES (2, 'after'); UNLOCK TABLES");
        await dump;

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("INSERT INTO `first_read` (`id`, `v`) VALUES (1,'before');", text, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO `second_read` (`id`, `v`) VALUES (1,'before');", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'after'", text, StringComparison.Ordinal);
        Assert.Equal("after", await ScalarAsync(source, "SELECT v FROM first_read"));
    }

    [Fact]
    public async Task A_connection_killed_midway_fails_the_dump_with_the_step_and_the_reason()
    {
        var servers = await SharedServers.GetAsync();
        var (_, source) = await CreateAsync(servers, "CREATE TABLE t1 (id INT); CREATE TABLE t2 (id INT); INSERT INTO t1 VALUES (1); INSERT INTO t2 VALUES (2);");
        await using var connection = new MySqlConnection(source);
        await connection.OpenAsync();
        var thread = connection.ServerThread;
        var progress = new BlockingProgress(p =>
        {
            if (p is { TableCompleted: true, Table: "`t1`" })
            {
                using var killer = new MySqlConnection(servers.MariaDb.ConnectionString());
                killer.Open();
                using var kill = new MySqlCommand($"KILL CONNECTION {thread}", killer);
                kill.ExecuteNonQuery();
            }
        });
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"killed-{Guid.NewGuid():N}.sql"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);

        var failure = await Assert.ThrowsAsync<DumpFailedException>(() => MySqlDumpFixture.Dumper().DumpAsync(connection, file, new DumpOptions { Progress = progress }));

        Assert.Equal("reading table `t2`", failure.Step);
        Assert.StartsWith($"The dump of database '{connection.Database}' failed while reading table `t2`: ", failure.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<MySqlException>(failure.InnerException);
        file.Position = 0;
        var written = await new StreamReader(file).ReadToEndAsync();
        Assert.DoesNotContain("Runbook dump complete", written, StringComparison.Ordinal);
        Assert.NotEqual(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task A_table_locked_by_another_session_fails_the_dump_after_the_lock_timeout_and_leaves_the_session_as_it_was()
    {
        var servers = await SharedServers.GetAsync();
        var (_, source) = await CreateAsync(servers, "CREATE TABLE busy (id INT) ENGINE=InnoDB;");
        await using var holder = new MySqlConnection(source);
        await holder.OpenAsync();
        await ExecuteAsync(holder, "LOCK TABLES busy WRITE");
        await using var connection = new MySqlConnection(source);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET SESSION sql_mode = 'ANSI_QUOTES', time_zone = '+02:00', lock_wait_timeout = 77");
        using var output = new MemoryStream();

        var failure = await Assert.ThrowsAsync<DumpFailedException>(
            () => MySqlDumpFixture.Dumper().DumpAsync(connection, output, new DumpOptions { LockTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal("locking the tables", failure.Step);
        Assert.Contains("Lock wait timeout exceeded", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
        Assert.Equal("ANSI_QUOTES|+02:00|77|0", await ScalarOnAsync(connection, "SELECT CONCAT_WS('|', @@SESSION.sql_mode, @@SESSION.time_zone, @@SESSION.lock_wait_timeout, @@in_transaction)"));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_read()
    {
        var servers = await SharedServers.GetAsync();
        var dumper = MySqlDumpFixture.Dumper();
        using var output = new MemoryStream();
        await using var closed = new MySqlConnection(servers.MariaDb.ConnectionString("mysql"));
        await using var other = new Npgsql.NpgsqlConnection();
        await using var noDatabase = new MySqlConnection(servers.MariaDb.ConnectionString());
        await noDatabase.OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(closed, output));
        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(other, output));
        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(noDatabase, output));
        await using var open = new MySqlConnection(servers.MariaDb.ConnectionString("mysql"));
        await open.OpenAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => dumper.DumpAsync(open, new MemoryStream([], writable: false)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => dumper.DumpAsync(open, output, new DumpOptions { CommandTimeout = TimeSpan.Zero }));
        Assert.Equal(0, output.Length);
    }

    private static async Task<(string Name, string ConnectionString)> CreateAsync(SharedServers servers, string sql)
    {
        var name = "dump_" + Guid.NewGuid().ToString("N")[..10];
        var connectionString = await servers.MariaDb.CreateDatabaseAsync(name);
        await MariaDbServer.ExecuteAsync(connectionString, sql);
        return (name, connectionString);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return await ScalarOnAsync(connection, sql);
    }

    private static async Task<object?> ScalarOnAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
