using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Runbook.Targets;

/// <summary>PostgreSQL through Npgsql.</summary>
public sealed class PostgreSqlDialect : IDatabaseDialect
{
    // typcategory: S string, E enum, D date/time (domains carry their base type's category).
    private const string ColumnsSql = """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory::text
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <inheritdoc />
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <inheritdoc />
    public bool IsValidConnectionString(string connectionString) => ConnectionStringCheck.Accepts(s => new NpgsqlConnectionStringBuilder(s), connectionString);

    /// <inheritdoc />
    public string WithDatabase(string connectionString, string database) => new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    /// <inheritdoc />
    public DbDataSource CreateDataSource(string connectionString, TimeSpan connectTimeout)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Timeout = DriverSeconds(connectTimeout);
        return builder.Build();
    }

    /// <inheritdoc />
    public string SessionSetupSql(TimeSpan lockTimeout) =>
        string.Create(CultureInfo.InvariantCulture, $"SET TIME ZONE 'UTC'; SET lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'");

    /// <inheritdoc />
    public string ServerVersion(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ServerVersion;
    }

    /// <inheritdoc />
    public string Quote(SqlIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Join('.', identifier.Parts.Select(part => $"\"{part}\""));
    }

    /// <inheritdoc />
    public string AsText(string quotedColumn) => $"CAST({quotedColumn} AS text)";

    /// <inheritdoc />
    public async Task<TableColumns?> ReadColumnsAsync(DbConnection connection, SqlIdentifier table, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = await connection.ListAsync(
            ColumnsSql,
            timeout,
            r => (Name: r.GetString(0), Type: new ColumnType(r.GetString(1), r.GetString(2) switch { "S" or "E" => ColumnKind.Text, "D" => ColumnKind.Time, _ => ColumnKind.Other }, r.GetString(2) == "E")),
            cancellationToken,
            ("table", Quote(table)));
        return rows.Count == 0 ? null : new TableColumns(table.ToString(), rows.ToDictionary(r => r.Name, r => r.Type, StringComparer.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public bool IsMissingTableOrColumn(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InvalidSchemaName };

    /// <inheritdoc />
    public bool IsLoginFailure(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification };

    /// <inheritdoc />
    public bool IsLockTimeout(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };

    /// <inheritdoc />
    public bool IsPermissionDenied(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege };

    // Npgsql counts whole seconds; 0 would mean "wait forever".
    private static int DriverSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
}
