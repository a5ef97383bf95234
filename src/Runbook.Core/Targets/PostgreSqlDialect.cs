using System.Data.Common;
using Npgsql;

namespace Runbook.Targets;

/// <summary>PostgreSQL through Npgsql.</summary>
public sealed class PostgreSqlDialect : IDatabaseDialect
{
    /// <inheritdoc />
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <inheritdoc />
    public string Quote(SqlIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Join('.', identifier.Parts.Select(part => $"\"{part}\""));
    }

    /// <inheritdoc />
    public bool IsMissingTableOrColumn(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InvalidSchemaName };
}
