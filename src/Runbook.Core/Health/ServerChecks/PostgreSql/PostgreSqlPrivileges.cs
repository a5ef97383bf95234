using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>What the checking account may see: without <c>pg_read_all_stats</c> other users' sessions and walsenders are blank.</summary>
internal static class PostgreSqlPrivileges
{
    /// <summary>The grant that shows every session and replication detail.</summary>
    public const string MonitorGrant = "GRANT pg_monitor TO <the check's user>";

    private const string SeesAllSessionsSql = """
        SELECT r.rolsuper OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') FROM pg_roles r WHERE r.rolname = current_user
        """;

    /// <summary>True when the account sees other users' session states and statements.</summary>
    public static async Task<bool> SeesAllSessionsAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<bool>(SeesAllSessionsSql, timeout, cancellationToken);

    /// <summary>The sentence added to a finding when the account sees only its own sessions.</summary>
    public static string OwnSessionsOnly(string what) =>
        $" Only this account's own {what} are visible: {MonitorGrant}.";
}
