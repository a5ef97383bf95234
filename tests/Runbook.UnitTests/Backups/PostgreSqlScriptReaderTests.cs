using System.Text;
using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>Statement splitting as psql splits, and COPY rows passed through as their bytes, whatever sizes the input arrives in.</summary>
public sealed class PostgreSqlScriptReaderTests
{
    private const string Script = """
        SET client_encoding = 'UTF8';SELECT 'a;b', "x;y", E'it\'s;', $$ ; $$ , 'Zoë 🎉;' ; -- trailing; comment
        /* block; /* nested; */ still; */ SELECT 1;
        CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql
        BEGIN ATOMIC
         SELECT CASE WHEN true THEN 1 ELSE 2 END;
        END;
        CREATE FUNCTION g() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;
        COPY public.t (a, b) FROM stdin;
        1	tab\there
        2	back\\slash\\.	Ωmega 🎉
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
        var reader = new PostgreSqlScriptReader(new TrickleStream(Encoding.UTF8.GetBytes(Script.Replace("\r\n", "\n", StringComparison.Ordinal)), chunk));
        var statements = new List<string>();
        using var rows = new MemoryStream();
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
                "SELECT 'a;b', \"x;y\", E'it\\'s;', $$ ; $$ , 'Zoë 🎉;' ;",
                "-- trailing; comment\n/* block; /* nested; */ still; */ SELECT 1;",
                "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n SELECT CASE WHEN true THEN 1 ELSE 2 END;\nEND;",
                "CREATE FUNCTION g() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;",
                "COPY public.t (a, b) FROM stdin;",
                "SELECT pg_catalog.setval('public.t_a_seq', 3, true);",
            ],
            statements);
        Assert.Equal("1\ttab\\there\n2\tback\\\\slash\\\\.\tΩmega 🎉\n3\t\\N\n", Encoding.UTF8.GetString(rows.ToArray()));
    }

    [Theory]
    [InlineData("COPY t FROM stdin;\n1\n2", "ends inside COPY data")]
    [InlineData("CREATE TABLE t (a int", "ends inside a statement")]
    [InlineData("SELECT $$ unclosed;\n", "ends inside a statement")]
    public async Task A_script_cut_short_is_reported_as_incomplete(string script, string message)
    {
        var reader = new PostgreSqlScriptReader(new MemoryStream(Encoding.UTF8.GetBytes(script)));

        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await reader.ReadStatementAsync() is { } statement)
            {
                if (PostgreSqlScriptReader.IsCopyFromStdin(statement))
                {
                    await reader.CopyRowsAsync(Stream.Null);
                }
            }
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains("the dump is incomplete", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_that_is_not_utf8_is_refused_naming_its_line()
    {
        var script = Encoding.UTF8.GetBytes("SELECT 1;\nSELECT 'caf").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("';\n")).ToArray();
        var reader = new PostgreSqlScriptReader(new MemoryStream(script));

        Assert.Equal("SELECT 1;", await reader.ReadStatementAsync());
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadStatementAsync());

        Assert.Equal("Line 2 of the script is not valid UTF-8: the dump is damaged.", failure.Message);
    }
}
