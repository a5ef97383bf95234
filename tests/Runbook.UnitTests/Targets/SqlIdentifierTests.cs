using Runbook.Targets;

namespace Runbook.UnitTests.Targets;

public sealed class SqlIdentifierTests
{
    [Theory]
    [InlineData("error_log", "\"error_log\"", "`error_log`")]
    [InlineData("public.error_log", "\"public\".\"error_log\"", "`public`.`error_log`")]
    [InlineData("_Queue2", "\"_Queue2\"", "`_Queue2`")]
    public void Valid_identifiers_are_quoted_part_by_part(string value, string postgres, string mysql)
    {
        var identifier = SqlIdentifier.Parse(value);

        Assert.Equal(postgres, new PostgreSqlDialect().Quote(identifier));
        Assert.Equal(mysql, new MySqlDialect().Quote(identifier));
    }

    [Theory]
    [InlineData("logs; drop table x")]
    [InlineData("logs\"--")]
    [InlineData("logs`")]
    [InlineData("1logs")]
    [InlineData("a.b.c")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("name with space")]
    [InlineData("ünïcode")]
    public void Anything_else_is_refused(string? value)
    {
        Assert.False(SqlIdentifier.IsValid(value));
        var e = Assert.Throws<FormatException>(() => SqlIdentifier.Parse(value));
        Assert.Contains("is not a valid SQL identifier", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_take_no_schema_and_names_are_limited_to_63_characters()
    {
        Assert.False(SqlIdentifier.IsValid("t.level", allowSchema: false));
        Assert.True(SqlIdentifier.IsValid(new string('a', 63)));
        Assert.False(SqlIdentifier.IsValid(new string('a', 64)));
    }
}
