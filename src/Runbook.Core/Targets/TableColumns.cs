namespace Runbook.Targets;

/// <summary>A table's columns as the catalog declares them; names compare case-insensitively.</summary>
/// <param name="Table">The table as configured.</param>
/// <param name="Columns">Column name to its declared type.</param>
public sealed record TableColumns(string Table, IReadOnlyDictionary<string, ColumnType> Columns)
{
    /// <summary>
    /// Why <paramref name="column"/> cannot be used as <paramref name="kind"/>, or null when it can. The message starts
    /// with <paramref name="key"/>, the configuration key that named the column.
    /// </summary>
    public string? Problem(string key, string column, ColumnKind? kind)
    {
        if (!Columns.TryGetValue(column, out var type))
        {
            return $"{key} '{column}' is not a column of {Table} (its columns: {string.Join(", ", Columns.Keys)}).";
        }

        return kind is not { } wanted || type.Kind == wanted
            ? null
            : $"{key} '{column}' in {Table} is {type.Name}; it must be {(wanted == ColumnKind.Time ? "a date or timestamp column" : "a text column (char, varchar, text or enum)")}.";
    }

    /// <summary>
    /// <paramref name="column"/> quoted for SQL once it is known to exist (and, with <paramref name="kind"/>, to be of that
    /// kind); otherwise a <see cref="TableConfigurationException"/> whose message starts with <paramref name="key"/>.
    /// </summary>
    public string Quote(IDatabaseDialect dialect, string key, string column, ColumnKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return Problem(key, column, kind) is { } problem
            ? throw new TableConfigurationException(problem)
            : dialect.Quote(SqlIdentifier.Parse(column, allowSchema: false));
    }
}

/// <summary>A column's declared type: its name as the server spells it, and what it can be used for.</summary>
/// <param name="Name">The type as the server spells it (<c>timestamp with time zone</c>, <c>varchar(20)</c>).</param>
/// <param name="Kind">What the column can be used for.</param>
/// <param name="CompareAsText">True when comparing it with a text value needs a cast (a PostgreSQL enum).</param>
public sealed record ColumnType(string Name, ColumnKind Kind, bool CompareAsText = false);
