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
    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "rich",
            ["Runbook:Targets:0:Provider"] = "PostgreSql",
            ["Runbook:Targets:0:ConnectionString"] = rich.Source,
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

    [Fact]
    public async Task A_dump_cut_short_is_rolled_back_leaving_the_new_database_empty()
    {
        await using var sp = Services();
        var cut = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.sql");
        try
        {
            // Cut inside the first COPY's rows.
            var text = rich.DumpText;
            await File.WriteAllTextAsync(cut, text[..(text.IndexOf(" FROM stdin;\n", StringComparison.Ordinal) + 40)]);
            var database = NewName();

            var failed = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(cut, "rich", database, force: false, OperatorContext.Cli("tester")));

            Assert.Contains("the dump is incomplete", failed.Message, StringComparison.Ordinal);
            Assert.Empty(await PostgresCopies.ContentAsync(rich.Postgres.ConnectionString(database)));
        }
        finally
        {
            File.Delete(cut);
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
