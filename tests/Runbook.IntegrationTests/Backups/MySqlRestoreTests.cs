using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Operations;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// <c>runbook backup restore</c> on MariaDB: the rich schema's dump, and one written by the real mariadb-dump, restored by
/// Runbook are the same database as the source (mariadb-dump --no-data and per-table checksums); a non-empty database is
/// refused; a failing statement says where, and a database the restore created is dropped again.
/// </summary>
public sealed class MySqlRestoreTests(MySqlDumpFixture rich) : IClassFixture<MySqlDumpFixture>
{
    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "rich",
            ["Runbook:Targets:0:Provider"] = "MySql",
            ["Runbook:Targets:0:ConnectionString"] = rich.Source,
        }).Build();
        return new ServiceCollection().AddRunbookCore(configuration).BuildServiceProvider();
    }

    private static string NewName() => "into_" + Guid.NewGuid().ToString("N")[..10];

    private static OperatorContext Tester => OperatorContext.Cli("tester");

    [Fact]
    public async Task The_rich_dump_restored_by_runbook_is_the_same_database_as_the_source()
    {
        await using var sp = Services();
        var database = NewName();

        var result = await sp.GetRequiredService<BackupRestorer>().RestoreAsync(rich.DumpFile, "rich", database, force: false, Tester);

        Assert.True(result.Created);
        Assert.True(result.Statements > 50, $"{result.Statements} statements");
        Assert.Equal("no manifest: the SHA-256 was not checked", result.Checked);
        Assert.Equal(await MariaDbCopies.SchemaAsync(rich.MariaDb, rich.SourceDatabase), await MariaDbCopies.SchemaAsync(rich.MariaDb, database));
        Assert.Equal(await MariaDbCopies.ContentAsync(rich.Source), await MariaDbCopies.ContentAsync(rich.MariaDb.ConnectionString(database)));

        // Bodies split on DELIMITER lines work; bytes, backslashes, quotes and emoji came through the connection unchanged.
        var copy = rich.MariaDb.ConnectionString(database);
        Assert.Equal("Hello, you!", await ScalarAsync(copy, "SELECT greet('you')"));
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), await ScalarAsync(copy, "SELECT bl FROM samples WHERE id = 1"));
        Assert.Equal("quote ' and \" and \\ back", await ScalarAsync(copy, "SELECT CONCAT('', c36) FROM samples WHERE id = 4"));
        Assert.Equal("Unicode: 日本語 ελληνικά עברית 😀👍🏽 e", await ScalarAsync(copy, "SELECT v FROM samples WHERE id = 5"));
        Assert.Equal("z;a;", await ScalarAsync(copy, "INSERT INTO z_customers (email, name) VALUES ('new@example.com', 'New'); INSERT INTO a_orders (customer_id, quantity, unit_price) VALUES (1000, 1, 1); SELECT stamp FROM a_orders WHERE id = 5"));
    }

    [Fact]
    public async Task A_dump_written_by_mariadb_dump_restores_as_the_mariadb_client_restores_it()
    {
        // mysqldump's own form: /*!...*/ settings, DEFINER=`u`@`h`, DELIMITER ;; around /*!50003 ... */ triggers. Without LOCK
        // TABLES, which a table whose default draws from a sequence cannot be filled under (the mariadb client fails there too).
        var file = Path.Combine(Path.GetTempPath(), $"mariadb-dump-{Guid.NewGuid():N}.sql");
        try
        {
            await rich.MariaDb.RunClientAsync("mariadb-dump", rich.SourceDatabase, ["--routines", "--triggers", "--events", "--hex-blob", "--skip-add-locks", $"--result-file={file}"], TimeSpan.FromMinutes(2));
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains("DELIMITER ;;", text, StringComparison.Ordinal);
            Assert.Contains("DEFINER=", text, StringComparison.Ordinal);
            await using var sp = Services();
            var database = NewName();

            await sp.GetRequiredService<BackupRestorer>().RestoreAsync(file, "rich", database, force: false, Tester);

            // The oracle is the client on the same file: mariadb-dump's output is no exact copy of the source (it names the
            // source database in a sequence default, for one), so the two restores are compared with each other.
            var byClient = NewName();
            var client = await rich.MariaDb.CreateDatabaseAsync(byClient);
            await MariaDbCopies.RestoreAsync(rich.MariaDb, byClient, file);
            Assert.Equal(await MariaDbCopies.SchemaAsync(rich.MariaDb, byClient), await MariaDbCopies.SchemaAsync(rich.MariaDb, database));
            Assert.Equal(await MariaDbCopies.ContentAsync(client), await MariaDbCopies.ContentAsync(rich.MariaDb.ConnectionString(database)));
            Assert.Equal("Hello, you!", await ScalarAsync(rich.MariaDb.ConnectionString(database), "SELECT greet('you')"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Backslashes_under_no_backslash_escapes_are_read_as_the_server_reads_them()
    {
        // The client follows the server's sql_mode: 'C:\' closes the string once NO_BACKSLASH_ESCAPES is on.
        var file = Path.Combine(Path.GetTempPath(), $"nbe-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, """
            SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_BACKSLASH_ESCAPES';
            CREATE TABLE paths (p VARCHAR(20));
            INSERT INTO paths VALUES ('C:\'), ('D:\;');
            DELIMITER ;;
            CREATE FUNCTION root_of(p VARCHAR(20)) RETURNS VARCHAR(20) DETERMINISTIC RETURN CONCAT(LEFT(p, 2), '\') ;;
            DELIMITER ;
            SET SQL_MODE=@OLD_SQL_MODE;
            INSERT INTO paths VALUES ('E:\\');
            """);
        try
        {
            await using var sp = Services();
            var database = NewName();

            var result = await sp.GetRequiredService<BackupRestorer>().RestoreAsync(file, "rich", database, force: false, Tester);

            Assert.Equal(6, result.Statements);
            var copy = rich.MariaDb.ConnectionString(database);
            Assert.Equal("C:\\|D:\\;|E:\\", await ScalarAsync(copy, "SELECT GROUP_CONCAT(p ORDER BY p SEPARATOR '|') FROM paths"));
            Assert.Equal("C:\\", await ScalarAsync(copy, "SELECT root_of('C:\\\\x')"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_database_that_is_not_empty_is_refused_and_with_force_a_conflict_stops_keeping_what_ran()
    {
        await using var sp = Services();
        var restorer = sp.GetRequiredService<BackupRestorer>();
        var database = NewName();
        var connectionString = await rich.MariaDb.CreateDatabaseAsync(database);
        await MariaDbServer.ExecuteAsync(connectionString, "CREATE TABLE samples (id INT); INSERT INTO samples VALUES (1);");

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => restorer.RestoreAsync(rich.DumpFile, "rich", database, force: false, Tester));
        Assert.Contains($"Database '{database}' already holds 1 table(s)", refused.Message, StringComparison.Ordinal);

        var failed = await Assert.ThrowsAsync<InvalidDataException>(() => restorer.RestoreAsync(rich.DumpFile, "rich", database, force: true, Tester));
        var line = rich.DumpText[..rich.DumpText.IndexOf("CREATE TABLE `samples`", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains($"(line {line} of the dump): error 1050 (42S01): Table 'samples' already exists.", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith("statement(s) that ran stay, and the database is partly restored.", failed.Message, StringComparison.Ordinal);
        var left = await MariaDbCopies.ContentAsync(connectionString);
        Assert.StartsWith("1 ", left["samples"], StringComparison.Ordinal);
        Assert.Contains("a_orders", left.Keys);
    }

    [Fact]
    public async Task A_failing_statement_names_its_line_and_the_database_the_restore_created_is_dropped()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.sql");
        var text = rich.DumpText;
        var at = text.IndexOf("--\n-- Rows of `bulk`", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text[..at] + "INSERT INTO no_such_table VALUES (1);\n" + text[at..]);
        try
        {
            await using var sp = Services();
            var database = NewName();

            var failed = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(file, "rich", database, force: false, Tester));

            var line = text[..at].Count(c => c == '\n') + 1;
            Assert.Contains($"(line {line} of the dump): error 1146 (42S02): Table '{database}.no_such_table' doesn't exist.", failed.Message, StringComparison.Ordinal);
            Assert.Contains("the database is partly restored.", failed.Message, StringComparison.Ordinal);
            Assert.EndsWith($"Runbook had created database '{database}' for this restore and has dropped it again: nothing half-restored is left.", failed.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await ScalarAsync(rich.Source, $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{database}'"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_dump_cut_short_says_so_and_leaves_no_created_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.sql");
        var text = rich.DumpText;
        await File.WriteAllTextAsync(file, text[..(text.IndexOf("INSERT INTO `bulk`", StringComparison.Ordinal) + 5000)]);
        try
        {
            await using var sp = Services();
            var database = NewName();

            var failed = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(file, "rich", database, force: false, Tester));

            Assert.Contains("the dump is incomplete", failed.Message, StringComparison.Ordinal);
            Assert.Contains("has dropped it again", failed.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await ScalarAsync(rich.Source, $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{database}'"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
