using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Operations;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// <c>runbook backup restore</c> on PostgreSQL: the rich schema's dump restored by Runbook is the same database as the
/// source (pg_dump --schema-only and per-table checksums); a non-empty database is refused; a failure rolls back.
/// </summary>
public sealed class PostgreSqlRestoreTests(RichDumpFixture rich) : IClassFixture<RichDumpFixture>
{
    private ServiceProvider Services(int connections = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "rich",
            ["Runbook:Targets:0:Provider"] = "PostgreSql",
            ["Runbook:Targets:0:ConnectionString"] = rich.Source,
            ["Runbook:Backups:RestoreConnections"] = connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new ServiceCollection().AddRunbookCore(configuration).BuildServiceProvider();
    }

    private static string NewName() => "into_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task The_rich_dump_restored_by_runbook_is_the_same_database_as_the_source()
    {
        await using var sp = Services();
        var database = NewName();

        var result = await sp.GetRequiredService<BackupRestorer>().RestoreAsync(rich.DumpFile, "rich", database, force: false, OperatorContext.Cli("tester"));

        Assert.True(result.Created);
        Assert.Equal("no manifest: the SHA-256 was not checked", result.Checked);
        Assert.Equal(await PostgresCopies.SchemaAsync(rich.Postgres, rich.SourceDatabase), await PostgresCopies.SchemaAsync(rich.Postgres, database));
        Assert.Equal(await PostgresCopies.ContentAsync(rich.Source), await PostgresCopies.ContentAsync(rich.Postgres.ConnectionString(database)));
    }

    [Fact]
    public async Task A_database_that_is_not_empty_is_refused_and_with_force_a_conflict_rolls_back()
    {
        await using var sp = Services();
        var restorer = sp.GetRequiredService<BackupRestorer>();
        var database = NewName();
        var connectionString = await rich.Postgres.CreateDatabaseAsync(database);
        await PostgresServer.ExecuteAsync(connectionString, "CREATE SCHEMA app; CREATE TABLE app.z_customers (id int); INSERT INTO app.z_customers VALUES (1);");

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => restorer.RestoreAsync(rich.DumpFile, "rich", database, force: false, OperatorContext.Cli("tester")));
        Assert.Contains($"Database '{database}' already holds 1 table(s)", refused.Message, StringComparison.Ordinal);

        var failed = await Assert.ThrowsAsync<InvalidDataException>(() => restorer.RestoreAsync(rich.DumpFile, "rich", database, force: true, OperatorContext.Cli("tester")));
        Assert.Contains("was rolled back", failed.Message, StringComparison.Ordinal);
        Assert.Contains("relation \"z_customers\" already exists", failed.Message, StringComparison.Ordinal);
        var left = await PostgresCopies.ContentAsync(connectionString);
        Assert.Equal(["app.z_customers"], left.Keys);
        Assert.StartsWith("1 ", left["app.z_customers"], StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { "x\"; DROP DATABASE postgres; --", "is not a database name" },
        { "", "is not a database name" },
        { "1abc", "is not a database name" },
        { new string('a', 64), "is not a database name" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_database_names_are_refused_before_anything_is_created(string database, string message)
    {
        await using var sp = Services();
        var before = await DatabasesAsync();

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(rich.DumpFile, "rich", database, force: false, OperatorContext.Cli("tester")));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DatabasesAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_dump_cut_short_leaves_nothing_restored(int connections)
    {
        await using var sp = Services(connections);
        var cut = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.sql");
        try
        {
            // Cut inside the first COPY's rows.
            var text = rich.DumpText;
            await File.WriteAllTextAsync(cut, text[..(text.IndexOf(" FROM stdin;\n", StringComparison.Ordinal) + 40)]);
            var database = NewName();

            var failed = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(cut, "rich", database, force: false, OperatorContext.Cli("tester")));

            Assert.Contains("the dump is incomplete", failed.Message, StringComparison.Ordinal);
            if (connections == 1)
            {
                // One transaction, rolled back: the database made for it stays, empty.
                Assert.Empty(await PostgresCopies.ContentAsync(rich.Postgres.ConnectionString(database)));
            }
            else
            {
                // Statements committed one by one and rows loaded in parallel: the database made for it is dropped.
                Assert.EndsWith($"Runbook had created database '{database}' for this restore and has dropped it again: nothing half-restored is left.", failed.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(database, await DatabasesAsync());
            }
        }
        finally
        {
            File.Delete(cut);
        }
    }

    [Fact]
    public async Task A_large_table_loads_over_both_connections_under_the_dumps_session_settings()
    {
        await using var sp = Services(connections: 2);
        var database = NewName();
        var dump = await LargeDumpAsync(badLine: null);
        try
        {
            var result = await sp.GetRequiredService<BackupRestorer>().RestoreAsync(dump, "rich", database, force: false, OperatorContext.Cli("tester"));

            Assert.True(result.Created);
            await using var connection = new NpgsqlConnection(rich.Postgres.ConnectionString(database));
            await connection.OpenAsync();
            async Task<string?> ScalarAsync(string sql) => (await connection.ScalarAsync<object>(sql, TimeSpan.FromSeconds(30), CancellationToken.None))?.ToString();
            Assert.Equal($"{LargeRows} {(long)LargeRows * (LargeRows + 1) / 2}", await ScalarAsync("SELECT count(*) || ' ' || sum(id) FROM public.big"));
            Assert.Equal(LargeRows.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync("SELECT count(DISTINCT note) FROM public.big"));

            // Two transactions loaded the rows: one per connection, each its share of the chunks.
            Assert.Equal("2", await ScalarAsync("SELECT count(DISTINCT xmin::text) FROM public.big"));

            // 'SET DateStyle = SQL, DMY' was made on the main connection: the loaders read 03/04/2020 as 3 April too.
            Assert.Equal("1", await ScalarAsync("SELECT count(DISTINCT day) FROM public.big"));
            Assert.Equal("2020-04-03", await ScalarAsync("SELECT to_char(min(day), 'YYYY-MM-DD') FROM public.big"));
            Assert.Equal("1", await ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'big_pkey'"));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Fact]
    public async Task A_row_refused_on_either_connection_names_its_line_and_leaves_no_database()
    {
        await using var sp = Services(connections: 2);
        var database = NewName();
        var badLine = BigFirstLine + LargeRows - 1000;
        var dump = await LargeDumpAsync(badLine);
        try
        {
            var failed = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(dump, "rich", database, force: false, OperatorContext.Cli("tester")));

            Assert.StartsWith($"The restore stopped at line {badLine} of the dump: 22P02: invalid input syntax for type integer: \"x{badLine}\"", failed.Message, StringComparison.Ordinal);
            Assert.EndsWith("dropped it again: nothing half-restored is left.", failed.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(database, await DatabasesAsync());
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Fact]
    public async Task Rows_of_tables_the_restore_created_arrive_frozen_and_the_others_do_not()
    {
        await using var sp = Services();
        var database = NewName();
        var connectionString = await rich.Postgres.CreateDatabaseAsync(database);
        await PostgresServer.ExecuteAsync(connectionString, "CREATE EXTENSION pg_visibility; CREATE TABLE public.existing (id int);");
        var dump = Path.Combine(Path.GetTempPath(), $"freeze-{Guid.NewGuid():N}.sql");
        var rows = string.Concat(Enumerable.Range(1, 2000).Select(i => $"{i}\n"));
        await File.WriteAllTextAsync(dump, $"CREATE TABLE public.fresh (id int);\nCOPY public.fresh (id) FROM stdin;\n{rows}\\.\nCOPY public.existing (id) FROM stdin;\n{rows}\\.\n");
        try
        {
            // public.existing was there before: --force, and a COPY without FREEZE (which it would refuse).
            await sp.GetRequiredService<BackupRestorer>().RestoreAsync(dump, "rich", database, force: true, OperatorContext.Cli("tester"));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            async Task<long> FrozenPagesAsync(string table) =>
                await connection.ScalarAsync<long>($"SELECT all_frozen FROM pg_visibility_map_summary('{table}')", TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.True(await FrozenPagesAsync("public.fresh") > 0);
            Assert.Equal(0L, await FrozenPagesAsync("public.existing"));
            Assert.Equal(2000L, await connection.ScalarAsync<long>("SELECT count(*) FROM public.fresh", TimeSpan.FromSeconds(30), CancellationToken.None));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private const int LargeRows = 300_000;

    // The line of public.big's first row in LargeDumpAsync's file.
    private const int BigFirstLine = 5;

    // About 20 MB of rows in one table (20 chunks), after a session setting COPY depends on; a row not an integer at badLine.
    private static async Task<string> LargeDumpAsync(long? badLine)
    {
        var path = Path.Combine(Path.GetTempPath(), $"large-{Guid.NewGuid():N}.sql");
        await using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await file.WriteAsync("SET DateStyle = 'SQL, DMY';\nCREATE TABLE public.big (id int NOT NULL, day date NOT NULL, note text NOT NULL);\n\nCOPY public.big (id, day, note) FROM stdin;\n");
        for (var i = 1; i <= LargeRows; i++)
        {
            var line = BigFirstLine + i - 1;
            await file.WriteAsync(line == badLine ? $"x{line}" : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await file.WriteAsync($"\t03/04/2020\trow {i} {new string('n', 40)}\n");
        }

        await file.WriteAsync("\\.\n\nALTER TABLE ONLY public.big ADD CONSTRAINT big_pkey PRIMARY KEY (id);\n");
        return path;
    }

    private async Task<List<string>> DatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(rich.Postgres.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
