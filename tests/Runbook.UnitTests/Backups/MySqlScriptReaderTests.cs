using System.Text;
using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>Statement splitting as the mariadb client splits (DELIMITER lines, quotes, comments kept or dropped), whatever sizes the input arrives in.</summary>
public sealed class MySqlScriptReaderTests
{
    private const string Script = """
        --
        -- A header; with semicolons;
        --
        # a hash comment; too
        SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO';
        /*!40101 SET NAMES utf8mb4 */;
        /* plain; comment */ SELECT 'a;b', "c;d", `e;f``;`, 'it\'s;', 'doubled '';', "dq \";", 'back\\';SELECT 1--1;
        SELECT 2 -- trailing; comment
        , 3 /* inner; */;
        INSERT INTO `t` (`a`, `b`) VALUES (1,0x00FF,'new\nline; \\',NULL),(-2,'',"x");
        delimiter ;;
        CREATE PROCEDURE p() BEGIN SELECT ';'; -- done;
         SELECT 1; END ;;
        DELIMITER ;
          DELIMITER $$
        CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = CONCAT('$$', ";$$") $$
        DELIMITER ;
        /*M!100101 SET @x = 1 */;
        ;
        --
        -- Runbook dump complete
        --

        """;

    public static TheoryData<int> ChunkSizes => [1, 2, 3, 5, 7, 64, 100_000];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Statements_come_out_the_same_whatever_the_chunks(int chunk)
    {
        var reader = new MySqlScriptReader(new TrickleReader(Script.Replace("\r\n", "\n", StringComparison.Ordinal), chunk));
        var statements = new List<(long Line, string Text)>();
        while (await reader.ReadStatementAsync() is { } statement)
        {
            statements.Add((reader.Line, statement));
        }

        Assert.Equal(
            [
                (5, "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO'"),
                (6, "/*!40101 SET NAMES utf8mb4 */"),
                (7, "SELECT 'a;b', \"c;d\", `e;f``;`, 'it\\'s;', 'doubled '';', \"dq \\\";\", 'back\\\\'"),
                (7, "SELECT 1--1"),
                (8, "SELECT 2 -- trailing; comment\n, 3 /* inner; */"),
                (10, "INSERT INTO `t` (`a`, `b`) VALUES (1,0x00FF,'new\\nline; \\\\',NULL),(-2,'',\"x\")"),
                (12, "CREATE PROCEDURE p() BEGIN SELECT ';'; -- done;\n SELECT 1; END"),
                (16, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = CONCAT('$$', \";$$\")"),
                (18, "/*M!100101 SET @x = 1 */"),
            ],
            statements);
        Assert.Equal(";", reader.Delimiter);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200_000)]
    public async Task A_statement_of_megabytes_crosses_every_buffer_boundary_whole(int chunk)
    {
        // Rows as the dump writes them: hex, escaped quotes and backslashes, a ';' in a string; each row ~100 characters.
        var rows = string.Join(",", Enumerable.Range(0, chunk == 1 ? 3_000 : 30_000).Select(i => $"({i},0x{i:X8}00FF,'row {i}; it\\'s a \\\\ \"quote\" 😀',NULL)"));
        var insert = "INSERT INTO `bulk` VALUES " + rows;
        var reader = new MySqlScriptReader(new TrickleReader($"SET NAMES utf8mb4;\n{insert};\nSELECT 1;\n", chunk));

        Assert.Equal("SET NAMES utf8mb4", await reader.ReadStatementAsync());
        Assert.Equal(insert, await reader.ReadStatementAsync());
        Assert.Equal(2, reader.Line);
        Assert.Equal("SELECT 1", await reader.ReadStatementAsync());
        Assert.Equal(3, reader.Line);
        Assert.Null(await reader.ReadStatementAsync());
    }

    [Fact]
    public async Task Under_no_backslash_escapes_a_backslash_ends_nothing()
    {
        var reader = new MySqlScriptReader(new StringReader("SELECT 'C:\\';SELECT 'it\\'s';")) { NoBackslashEscapes = true };

        Assert.Equal("SELECT 'C:\\'", await reader.ReadStatementAsync());
        reader.NoBackslashEscapes = false;
        Assert.Equal("SELECT 'it\\'s'", await reader.ReadStatementAsync());
        Assert.Null(await reader.ReadStatementAsync());
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1", "ends before the delimiter ; that would end it in the statement that began on line 1")]
    [InlineData("SELECT 1;\nSELECT 'unclosed;\n", "ends inside a quoted string or name in the statement that began on line 2")]
    [InlineData("SELECT 1;\n/* open; comment", "ends inside a /* comment */")]
    [InlineData("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END;\n", "ends before the delimiter $$")]
    public async Task A_script_cut_short_is_reported_as_incomplete(string script, string message)
    {
        var failure = await ReadAllFailsAsync(script);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains("the dump is incomplete", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1;\nDELIMITER\nSELECT 2;", "Line 2: DELIMITER must be followed by the new delimiter")]
    [InlineData("DELIMITER a\\b\n", "Line 1: DELIMITER must be followed by the new delimiter, without backslashes")]
    public async Task A_delimiter_line_without_a_usable_delimiter_is_refused(string script, string message)
    {
        var failure = await ReadAllFailsAsync(script);

        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_longer_than_the_server_takes_stops_the_read_instead_of_filling_memory()
    {
        var open = new StringBuilder("SELECT 1;\nINSERT INTO t VALUES ('never closed);\n");
        open.Append('x', 10_000);
        var reader = new MySqlScriptReader(new StringReader(open.ToString()), maxStatementChars: 1_000);

        Assert.Equal("SELECT 1", await reader.ReadStatementAsync());
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadStatementAsync());

        Assert.StartsWith("The statement that began on line 2 is longer than 1,000 characters", failure.Message, StringComparison.Ordinal);
    }

    private static Task<InvalidDataException> ReadAllFailsAsync(string script) => Assert.ThrowsAsync<InvalidDataException>(async () =>
    {
        var reader = new MySqlScriptReader(new StringReader(script));
        while (await reader.ReadStatementAsync() is not null)
        {
        }
    });
}
