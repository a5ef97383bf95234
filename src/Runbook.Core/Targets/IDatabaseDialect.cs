using System.Data.Common;

namespace Runbook.Targets;

/// <summary>What differs between database engines for plain SQL: the driver, identifier quoting, error codes.</summary>
public interface IDatabaseDialect
{
    /// <summary>The engine this dialect speaks to.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>Creates an unopened connection.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>Quotes a validated identifier, part by part.</summary>
    string Quote(SqlIdentifier identifier);

    /// <summary>True when the error says a table or column does not exist.</summary>
    bool IsMissingTableOrColumn(DbException exception);
}
