using System.Data.Common;

namespace Runbook.Targets;

/// <summary>
/// What differs between database engines for plain SQL: the driver and its data source, session settings,
/// identifier quoting, the catalog of a table's columns, error codes.
/// </summary>
public interface IDatabaseDialect
{
    /// <summary>The engine this dialect speaks to.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>True when the driver accepts <paramref name="connectionString"/> (known keywords, numbers where numbers belong).</summary>
    bool IsValidConnectionString(string connectionString);

    /// <summary><paramref name="connectionString"/> pointed at <paramref name="database"/> on the same server, with the same credentials.</summary>
    string WithDatabase(string connectionString, string database);

    /// <summary>A pooled data source whose driver-level connect timeout is <paramref name="connectTimeout"/>.</summary>
    DbDataSource CreateDataSource(string connectionString, TimeSpan connectTimeout);

    /// <summary>
    /// Statements run on every new session: UTC as the session time zone (so that times compare the same whatever the
    /// server's setting), and <paramref name="lockTimeout"/> as the longest wait for a table lock.
    /// </summary>
    string SessionSetupSql(TimeSpan lockTimeout);

    /// <summary>The server's version as a person reads it.</summary>
    string ServerVersion(DbConnection connection);

    /// <summary>Quotes a validated identifier, part by part.</summary>
    string Quote(SqlIdentifier identifier);

    /// <summary>An expression that reads <paramref name="quotedColumn"/> as text (enum columns included).</summary>
    string AsText(string quotedColumn);

    /// <summary>The columns of <paramref name="table"/> with their types, or null when there is no such table.</summary>
    Task<TableColumns?> ReadColumnsAsync(DbConnection connection, SqlIdentifier table, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>True when the error says a table or column does not exist.</summary>
    bool IsMissingTableOrColumn(DbException exception);

    /// <summary>True when the server refused the login (wrong password, unknown user): a rotated credential.</summary>
    bool IsLoginFailure(DbException exception);

    /// <summary>True when the error says a lock could not be taken within the session's lock timeout.</summary>
    bool IsLockTimeout(DbException exception);

    /// <summary>True when the server refused a statement for want of a privilege (a grant the account lacks).</summary>
    bool IsPermissionDenied(DbException exception);
}
