namespace Runbook.Targets;

/// <summary>The database engines a target can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>Not set: configuration must name one.</summary>
    Unspecified = 0,

    /// <summary>PostgreSQL 13+, through Npgsql.</summary>
    PostgreSql,

    /// <summary>MySQL 8 and MariaDB 10.6+, through MySqlConnector.</summary>
    MySql,
}
