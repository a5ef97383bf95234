using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>COPY FREEZE only into the tables the restore created itself, and never into a partitioned one.</summary>
public sealed class PostgreSqlFreshTablesTests
{
    [Theory]
    [InlineData("CREATE TABLE public.events (\n    id bigint NOT NULL\n);", "COPY public.events (id) FROM stdin;", "COPY public.events (id) FROM STDIN WITH (FREEZE)")]
    [InlineData("--\n-- Name: Order\n--\nCREATE UNLOGGED TABLE app.\"Order\" (\"select\" int);", "COPY app.\"Order\" (\"select\") FROM stdin;", "COPY app.\"Order\" (\"select\") FROM STDIN WITH (FREEZE)")]
    [InlineData("CREATE TABLE \"we\"\"ird.name\" (a int);", "COPY \"we\"\"ird.name\" (a) FROM stdin;", "COPY \"we\"\"ird.name\" (a) FROM STDIN WITH (FREEZE)")]
    [InlineData("CREATE TABLE app.m_2024 PARTITION OF app.m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');", "COPY app.m_2024 (at) FROM stdin;", "COPY app.m_2024 (at) FROM STDIN WITH (FREEZE)")]
    [InlineData("CREATE TABLE app.m (at date) PARTITION BY RANGE (at);", "COPY app.m (at) FROM stdin;", "COPY app.m (at) FROM STDIN")]
    [InlineData("CREATE TABLE public.other (a int);", "COPY public.events (id) FROM stdin;", "COPY public.events (id) FROM STDIN")]
    [InlineData("CREATE VIEW public.events AS SELECT 1 AS id;", "COPY public.events (id) FROM stdin;", "COPY public.events (id) FROM STDIN")]
    public void Only_tables_created_by_the_restore_and_not_partitioned_are_frozen(string create, string copy, string expected)
    {
        var fresh = new PostgreSqlFreshTables();

        fresh.Observe(create);

        Assert.Equal(expected, fresh.CopyCommand(copy));
    }
}
