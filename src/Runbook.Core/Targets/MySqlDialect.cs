using System.Data.Common;
using MySqlConnector;

namespace Runbook.Targets;

/// <summary>MySQL 8 and MariaDB 10.6+ through MySqlConnector.</summary>
public sealed class MySqlDialect : IDatabaseDialect
{
    /// <inheritdoc />
    public DatabaseProvider Provider => DatabaseProvider.MySql;

    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new MySqlConnection(connectionString);

    /// <inheritdoc />
    public string Quote(SqlIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Join('.', identifier.Parts.Select(part => $"`{part}`"));
    }

    /// <inheritdoc />
    public bool IsMissingTableOrColumn(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError or MySqlErrorCode.UnknownDatabase };
}
