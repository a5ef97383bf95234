using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace Runbook.Targets;

/// <summary>MySQL 8 and MariaDB 10.6+ through MySqlConnector.</summary>
public sealed class MySqlDialect : IDatabaseDialect
{
    private const string ColumnsSql = """
        SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE
        FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = COALESCE(@schema, DATABASE()) AND TABLE_NAME = @table
        ORDER BY ORDINAL_POSITION
        """;

    // The protocol's handshake of MariaDB 10.x says "5.5.5-10.11.6-MariaDB" for old clients' sake.
    private const string MariaDbHandshakePrefix = "5.5.5-";

    /// <inheritdoc />
    public DatabaseProvider Provider => DatabaseProvider.MySql;

    /// <inheritdoc />
    public bool IsValidConnectionString(string connectionString) => ConnectionStringCheck.Accepts(s => new MySqlConnectionStringBuilder(s), connectionString);

    /// <inheritdoc />
    public string WithDatabase(string connectionString, string database) => new MySqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    /// <inheritdoc />
    public DbDataSource CreateDataSource(string connectionString, TimeSpan connectTimeout)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(connectTimeout.TotalSeconds)),
        };
        return new MySqlDataSource(builder.ConnectionString);
    }

    /// <inheritdoc />
    public string SessionSetupSql(TimeSpan lockTimeout)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(lockTimeout.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"SET time_zone = '+00:00', lock_wait_timeout = {seconds}, innodb_lock_wait_timeout = {seconds}");
    }

    /// <inheritdoc />
    public string ServerVersion(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = connection.ServerVersion;
        return version.StartsWith(MariaDbHandshakePrefix, StringComparison.Ordinal) ? version[MariaDbHandshakePrefix.Length..] : version;
    }

    /// <inheritdoc />
    public string Quote(SqlIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Join('.', identifier.Parts.Select(part => $"`{part}`"));
    }

    /// <inheritdoc />
    public string AsText(string quotedColumn) => $"CAST({quotedColumn} AS CHAR)";

    /// <inheritdoc />
    public async Task<TableColumns?> ReadColumnsAsync(DbConnection connection, SqlIdentifier table, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = await connection.ListAsync(
            ColumnsSql,
            timeout,
            r => (Name: r.GetString(0), Type: new ColumnType(r.GetString(1), Kind(r.GetString(2)))),
            cancellationToken,
            ("schema", table.Parts.Count > 1 ? table.Parts[0] : null),
            ("table", table.Name));
        return rows.Count == 0 ? null : new TableColumns(table.ToString(), rows.ToDictionary(r => r.Name, r => r.Type, StringComparer.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public bool IsMissingTableOrColumn(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError or MySqlErrorCode.UnknownDatabase };

    /// <inheritdoc />
    public bool IsLoginFailure(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied };

    /// <inheritdoc />
    public bool IsLockTimeout(DbException exception) => exception is MySqlException { ErrorCode: MySqlErrorCode.LockWaitTimeout };

    /// <inheritdoc />
    public bool IsPermissionDenied(DbException exception) => exception is MySqlException
    {
        ErrorCode: MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied or MySqlErrorCode.DatabaseAccessDenied,
    };

    private static ColumnKind Kind(string dataType) => dataType.ToLowerInvariant() switch
    {
        "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "enum" or "set" => ColumnKind.Text,
        "date" or "datetime" or "timestamp" => ColumnKind.Time,
        _ => ColumnKind.Other,
    };
}
