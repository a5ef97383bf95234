using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>Statement splitting as psql splits, and COPY rows passed through whole, whatever sizes the input arrives in.</summary>
public sealed class PostgreSqlScriptReaderTests
{
    private const string Script = """
        SET client_encoding = 'UTF8';SELECT 'a;b', "x;y", E'it\'s;', $$ ; $$ ; -- trailing; comment
        /* block; /* nested; */ still; */ SELECT 1;
        CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql
        BEGIN ATOMIC
         SELECT CASE WHEN true THEN 1 ELSE 2 END;
        END;
        CREATE FUNCTION g() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;
        COPY public.t (a, b) FROM stdin;
        1	tab\there
        2	back\\slash\\.
        3	\N
        \.
        SELECT pg_catalog.setval('public.t_a_seq', 3, true);
        --
        -- Runbook dump complete
        --

        """;

    public static TheoryData<int> ChunkSizes => [1, 2, 3, 7, 64, 100_000];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Statements_and_copy_rows_come_out_the_same_whatever_the_chunks(int chunk)
    {
        var reader = new PostgreSqlScriptReader(new TrickleReader(Script.Replace("\r\n", "\n", StringComparison.Ordinal), chunk));
        var statements = new List<string>();
        var rows = new StringWriter();
        while (await reader.ReadStatementAsync() is { } statement)
        {
            statements.Add(statement.Trim());
            if (PostgreSqlScriptReader.IsCopyFromStdin(statement))
            {
                await reader.CopyRowsAsync(rows);
            }
        }

        Assert.Equal(
            [
                "SET client_encoding = 'UTF8';",
                "SELECT 'a;b', \"x;y\", E'it\\'s;', $$ ; $$ ;",
                "-- trailing; comment\n/* block; /* nested; */ still; */ SELECT 1;",
                "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n SELECT CASE WHEN true THEN 1 ELSE 2 END;\nEND;",
                "CREATE FUNCTION g() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;",
                "COPY public.t (a, b) FROM stdin;",
                "SELECT pg_catalog.setval('public.t_a_seq', 3, true);",
            ],
            statements);
        Assert.Equal("1\ttab\\there\n2\tback\\\\slash\\\\.\n3\t\\N\n", rows.ToString());
    }

    [Theory]
    [InlineData("COPY t FROM stdin;\n1\n2", "ends inside COPY data")]
    [InlineData("CREATE TABLE t (a int", "ends inside a statement")]
    [InlineData("SELECT $$ unclosed;\n", "ends inside a statement")]
    public async Task A_script_cut_short_is_reported_as_incomplete(string script, string message)
    {
        var reader = new PostgreSqlScriptReader(new StringReader(script));

        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await reader.ReadStatementAsync() is { } statement)
            {
                if (PostgreSqlScriptReader.IsCopyFromStdin(statement))
                {
                    await reader.CopyRowsAsync(TextWriter.Null);
                }
            }
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains("the dump is incomplete", failure.Message, StringComparison.Ordinal);
    }
}
