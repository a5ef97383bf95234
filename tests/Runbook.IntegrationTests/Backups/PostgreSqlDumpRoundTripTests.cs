using Npgsql;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>The rich schema dumped by Runbook and restored by the real psql into an empty database is the same database.</summary>
public sealed class PostgreSqlDumpRoundTripTests(RichDumpFixture rich) : IClassFixture<RichDumpFixture>
{
    [Fact]
    public async Task Pg_dump_describes_the_restored_copy_exactly_as_the_source()
    {
        var source = await PostgresCopies.SchemaAsync(rich.Postgres, rich.SourceDatabase);
        var restored = await PostgresCopies.SchemaAsync(rich.Postgres, rich.RestoredDatabase);

        Assert.Contains("CREATE TABLE app.events_2025_audit", source, StringComparison.Ordinal);
        Assert.Equal(source, restored);
    }

    [Fact]
    public async Task Every_table_materialized_view_and_sequence_has_the_same_content()
    {
        var source = await PostgresCopies.ContentAsync(rich.Source);
        var restored = await PostgresCopies.ContentAsync(rich.Restored);

        Assert.True(source.Count >= 20, $"only {source.Count} relations compared");
        Assert.Equal(source, restored);
        Assert.Equal("8 ", source["app.samples"][..2]);
    }

    [Fact]
    public async Task A_dump_of_the_restored_copy_has_the_same_row_counts_and_content_checksums()
    {
        await using var connection = new NpgsqlConnection(rich.Restored);
        await connection.OpenAsync();

        var again = await RichDumpFixture.Dumper().DumpAsync(connection, Stream.Null);

        Assert.All(rich.Result.Tables, t => Assert.Matches("^xxh3-sum:[0-9a-f]{16}$", t.Checksum));
        Assert.Equal(rich.Result.Tables, again.Tables);
        Assert.Equal(rich.Result.Tables.Count(t => t.Rows > 0), rich.Result.Tables.Where(t => t.Rows > 0).Select(t => t.Checksum).Distinct().Count());
    }

    [Fact]
    public async Task Uuid_arrays_are_written_as_text_and_come_back_equal()
    {
        Assert.Contains("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL,00000000-0000-0000-0000-000000000000}", rich.DumpText, StringComparison.Ordinal);
        const string Sql = "SELECT string_agg(uuids::text, '|' ORDER BY id) FROM app.samples WHERE uuids IS NOT NULL";
        Assert.Equal(await ScalarAsync(rich.Source, Sql), await ScalarAsync(rich.Restored, Sql));
        Assert.Equal("{NULL}", await ScalarAsync(rich.Restored, "SELECT uuids::text FROM app.samples WHERE uuids = ARRAY[NULL]::uuid[]"));
    }

    [Fact]
    public void Foreign_keys_are_created_after_every_table_and_all_the_rows()
    {
        var foreignKey = rich.DumpText.IndexOf("ADD CONSTRAINT a_orders_customer_id_fkey FOREIGN KEY", StringComparison.Ordinal);
        var target = rich.DumpText.IndexOf("CREATE TABLE app.z_customers", StringComparison.Ordinal);
        var targetRows = rich.DumpText.IndexOf("COPY app.z_customers ", StringComparison.Ordinal);
        var lastRows = rich.DumpText.LastIndexOf("\n\\.\n", StringComparison.Ordinal);
        var firstTable = rich.DumpText.IndexOf("CREATE TABLE app.a_orders", StringComparison.Ordinal);

        Assert.True(firstTable < target, "a_orders sorts before z_customers");
        Assert.True(target > 0 && targetRows > target && lastRows > targetRows, "the target table and its rows are in the dump");
        Assert.True(foreignKey > lastRows, "the foreign key comes after the last rows");
    }

    [Fact]
    public async Task Sequences_continue_where_the_source_left_off()
    {
        // ticket_seq: last 270 (called); fresh_seq: setval(42, false); identity z_customers: 10, 20, 30; samples: 7 drawn, 1000 given.
        Assert.Contains("SELECT pg_catalog.setval('app.fresh_seq', 42, false);", rich.DumpText, StringComparison.Ordinal);
        Assert.Contains("SELECT pg_catalog.setval('app.z_customers_id_seq', 30, true);", rich.DumpText, StringComparison.Ordinal);
        Assert.Contains("SELECT pg_catalog.setval('\"Mixed Case\".\"Odd \"\"quoted\"\" ''seq''\"', 1, true);", rich.DumpText, StringComparison.Ordinal);

        // Another restored copy: drawing values changes it, and the other tests compare the first one.
        var name = "drawn_" + Guid.NewGuid().ToString("N")[..10];
        var copy = await rich.Postgres.CreateDatabaseAsync(name);
        await PostgresCopies.RestoreAsync(rich.Postgres, name, rich.DumpFile);

        Assert.Equal(275L, await ScalarAsync(copy, "SELECT nextval('app.ticket_seq')"));
        Assert.Equal(42L, await ScalarAsync(copy, "SELECT nextval('app.fresh_seq')"));
        Assert.Equal(40, await ScalarAsync(copy, "INSERT INTO app.z_customers (name) VALUES ('new') RETURNING id"));
        Assert.Equal(6L, await ScalarAsync(copy, "INSERT INTO app.a_orders (customer_id, unit_price) VALUES (10, 1) RETURNING id"));
        Assert.Equal(8, await ScalarAsync(copy, "INSERT INTO app.samples (t) VALUES ('next') RETURNING id"));
    }

    [Fact]
    public async Task Generated_columns_are_computed_again_and_materialized_views_hold_their_rows()
    {
        Assert.Contains("COPY app.a_orders (id, customer_id, ticket, quantity, unit_price, doubled) FROM stdin;", rich.DumpText, StringComparison.Ordinal);
        Assert.Equal(2L, await ScalarAsync(rich.Restored, "SELECT count(*) FROM app.order_totals"));
        Assert.False((bool)(await ScalarAsync(rich.Restored, "SELECT relispopulated FROM pg_class WHERE oid = 'app.never_filled'::regclass"))!);
        Assert.Equal(3L, await ScalarAsync(rich.Restored, "SELECT customers FROM app.stats"));
    }

    [Fact]
    public void The_result_counts_what_was_written_and_the_dump_is_ownership_free()
    {
        Assert.StartsWith("15.", rich.Result.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(rich.SourceDatabase, rich.Result.Database);
        Assert.True(rich.Result.SnapshotStartedAt <= rich.Result.SnapshotEndedAt);
        Assert.Equal(new FileInfo(rich.DumpFile).Length, rich.Result.TotalBytes);
        Assert.Equal(8, rich.Result.Tables.Single(t => t.Name == "app.samples").Rows);
        Assert.Equal(3, rich.Result.Tables.Single(t => t.Name == "\"Mixed Case\".\"Order\"").Rows);
        Assert.DoesNotContain(rich.Result.Tables, t => t.Name == "app.events");
        Assert.All(rich.Result.Tables, t => Assert.True(t.Bytes > 0 || t.Rows == 0));
        Assert.EndsWith("-- Runbook dump complete\n--\n", rich.DumpText, StringComparison.Ordinal);
        var statements = rich.DumpText.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(statements, l => l.Contains(" OWNER TO ", StringComparison.Ordinal) || l.StartsWith("GRANT ", StringComparison.Ordinal) || l.StartsWith("REVOKE ", StringComparison.Ordinal));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
