using MySqlConnector;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>The MariaDB rich schema dumped by Runbook and restored by the real mariadb client into an empty database is the same database.</summary>
public sealed class MySqlDumpRoundTripTests(MySqlDumpFixture rich) : IClassFixture<MySqlDumpFixture>
{
    [Fact]
    public async Task Mariadb_dump_describes_the_restored_copy_exactly_as_the_source()
    {
        var source = await MariaDbCopies.SchemaAsync(rich.MariaDb, rich.SourceDatabase);
        var restored = await MariaDbCopies.SchemaAsync(rich.MariaDb, rich.RestoredDatabase);

        foreach (var expected in new[] { "CREATE TABLE `a_orders`", "AUTO_INCREMENT=1000", "CREATE SEQUENCE `ticket_seq`", "VIEW `a_top`", "FUNCTION \"greet\"", "PROCEDURE \"count orders\"", "-- a comment; with semicolons;", "nextval(`DB`.`ticket_seq`)", "TRIGGER a_orders_a", "EVENT `purge_empty`", "PIPES_AS_CONCAT" })
        {
            Assert.Contains(expected, source, StringComparison.Ordinal);
        }

        Assert.Equal(source, restored);
    }

    [Fact]
    public async Task Every_table_and_sequence_has_the_same_rows_and_auto_increment()
    {
        var source = await MariaDbCopies.ContentAsync(rich.Source);
        var restored = await MariaDbCopies.ContentAsync(rich.Restored);

        Assert.True(source.Count >= 15, $"only {source.Count} entries compared");
        Assert.Equal(source, restored);
        Assert.StartsWith("6 ", source["samples"], StringComparison.Ordinal);
        Assert.Equal("1000", source["z_customers#auto_increment"]);
        Assert.Equal("5", source["a_orders#auto_increment"]);
    }

    [Fact]
    public async Task Numbers_and_bytes_are_equal_value_for_value()
    {
        var sql = $"""
            SELECT COUNT(*) FROM `{rich.SourceDatabase}`.samples s JOIN `{rich.RestoredDatabase}`.samples r ON r.id = s.id
            WHERE s.f4 <=> r.f4 AND s.f4md <=> r.f4md AND s.f8 <=> r.f8 AND s.d65 <=> r.d65 AND s.i8 <=> r.i8 AND s.i8u <=> r.i8u AND s.b64 <=> r.b64
              AND BINARY s.v <=> BINARY r.v AND BINARY s.c36 <=> BINARY r.c36 AND s.bl <=> r.bl AND s.bin <=> r.bin AND s.dtm <=> r.dtm AND s.ts <=> r.ts AND BINARY s.latin <=> BINARY r.latin
            """;
        Assert.Equal(6L, await ScalarAsync(rich.Source, sql));
        Assert.Equal(3.4028234663852886e38, await ScalarAsync(rich.Restored, "SELECT CAST(f4 AS DOUBLE) FROM samples WHERE id = 1"));
        Assert.Equal(0.30000000000000004, await ScalarAsync(rich.Restored, "SELECT f8 FROM samples WHERE id = 5"));
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), await ScalarAsync(rich.Restored, "SELECT bl FROM samples WHERE id = 1"));
        // CHAR(36) is read as a Guid by MySqlConnector's default GuidFormat: the dump must not have lower-cased it.
        Assert.Equal(1L, await ScalarAsync(rich.Restored, "SELECT COUNT(*) FROM samples WHERE BINARY c36 = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'"));
    }

    [Fact]
    public void Rows_are_multi_row_inserts_with_explicit_columns_binary_in_hex_and_no_definer()
    {
        Assert.Contains("INSERT INTO `a_orders` (`id`, `customer_id`, `quantity`, `unit_price`, `note`, `stamp`) VALUES (1,1,2,9.99,'seen',NULL),", rich.DumpText, StringComparison.Ordinal);
        Assert.Contains("0x" + Convert.ToHexString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()), rich.DumpText, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO `Order` (`Id`, `select`, `Group By`, `back``tick`, `from`) VALUES ", rich.DumpText, StringComparison.Ordinal);
        var bulk = rich.DumpText.Split("INSERT INTO `bulk` ").Length - 1;
        Assert.InRange(bulk, 3, 5);
        Assert.Contains("DELIMITER ;;\n", rich.DumpText, StringComparison.Ordinal);
        Assert.Contains("FOREIGN_KEY_CHECKS=0;", rich.DumpText, StringComparison.Ordinal);
        var statements = rich.DumpText.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(statements, l => l.Contains("DEFINER=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(statements, l => l.Contains("FLUSH", StringComparison.OrdinalIgnoreCase) || l.StartsWith("LOCK ", StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("-- Runbook dump complete\n--\n", rich.DumpText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_restored_copy_continues_where_the_source_left_off()
    {
        // Another restored copy: inserting changes it, and the other tests compare the first one.
        var name = "drawn_" + Guid.NewGuid().ToString("N")[..10];
        var copy = await rich.MariaDb.CreateDatabaseAsync(name);
        await MariaDbCopies.RestoreAsync(rich.MariaDb, name, rich.DumpFile);

        Assert.Equal(1000UL, await ScalarAsync(copy, "INSERT INTO z_customers (email, name) VALUES ('new@example.com', 'New'); SELECT LAST_INSERT_ID()"));
        Assert.Equal("z;a;", await ScalarAsync(copy, "INSERT INTO a_orders (customer_id, quantity, unit_price) VALUES (1000, 1, 1); SELECT stamp FROM a_orders WHERE id = 5"));
        Assert.Equal("hidden", await ScalarAsync(copy, "SELECT note FROM a_orders WHERE id = 3"));
        Assert.Equal(2, await ScalarAsync(copy, "SELECT doubled FROM a_orders WHERE id = 2"));
        // ticket_seq drew 100 to 115 with CACHE 10: like a server restart, the copy goes on after the cached values.
        Assert.Equal(150L, await ScalarAsync(copy, "SELECT NEXTVAL(ticket_seq)"));
        Assert.Equal("Hello, you!", await ScalarAsync(copy, "SELECT greet('you')"));
        Assert.Equal("DISABLED", await ScalarAsync(copy, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() AND EVENT_NAME = 'purge_empty'"));
        Assert.Equal("Ann", await ScalarAsync(copy, "SELECT name FROM a_top"));
    }

    [Fact]
    public void The_result_counts_what_was_written()
    {
        Assert.Contains("MariaDB", rich.Result.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(rich.SourceDatabase, rich.Result.Database);
        Assert.True(rich.Result.SnapshotStartedAt <= rich.Result.SnapshotEndedAt);
        Assert.Equal(new FileInfo(rich.DumpFile).Length, rich.Result.TotalBytes);
        Assert.Equal(6, rich.Result.Tables.Single(t => t.Name == "`samples`").Rows);
        Assert.Equal(2, rich.Result.Tables.Single(t => t.Name == "`Order`").Rows);
        Assert.Equal(6000, rich.Result.Tables.Single(t => t.Name == "`bulk`").Rows);
        Assert.Equal(0, rich.Result.Tables.Single(t => t.Name == "`empty_table`").Rows);
        Assert.DoesNotContain(rich.Result.Tables, t => t.Name is "`a_top`" or "`ticket_seq`");
        Assert.All(rich.Result.Tables, t => Assert.True(t.Bytes > 0 || t.Rows == 0));
    }

    [Fact]
    public async Task A_dump_of_the_restored_copy_has_the_same_row_counts_and_content_checksums()
    {
        await using var connection = new MySqlConnection(rich.Restored);
        await connection.OpenAsync();

        var again = await MySqlDumpFixture.Dumper().DumpAsync(connection, Stream.Null);

        Assert.All(rich.Result.Tables, t => Assert.Matches("^xxh3-sum:[0-9a-f]{16}$", t.Checksum));
        Assert.Equal(rich.Result.Tables, again.Tables);
        Assert.NotEqual(rich.Result.Tables.Single(t => t.Name == "`samples`").Checksum, rich.Result.Tables.Single(t => t.Name == "`bulk`").Checksum);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
