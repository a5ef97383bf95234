using System.Data.Common;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>
/// Failed connection attempts since the server started (<c>Aborted_connects</c> of <c>Connections</c>): wrong passwords
/// (a rotated credential some client still uses), clients that cannot finish the handshake, <c>max_connections</c>
/// reached. <c>Aborted_clients</c> (connections dropped without closing) is reported beside it.
/// </summary>
public sealed class AbortedConnectionsCheck() : ServerCheck("aborted-connections", "aborted connections (SHOW GLOBAL STATUS)", "none")
{
    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var status = await GlobalStatus.ReadAsync(connection, options.CommandTimeout, cancellationToken, "Aborted_connects", "Aborted_clients", "Connections", "Uptime");
        var (aborted, clients, attempts, uptime) = (status["Aborted_connects"], status["Aborted_clients"], status["Connections"], status["Uptime"]);
        var percent = attempts > 0 ? 100 * aborted / attempts : 0;
        var judged = attempts >= options.AbortedConnectsMinimum;
        var severity = judged ? HealthEvaluator.Grade(percent, options.AbortedConnectsWarningPercent, options.AbortedConnectsCriticalPercent) : Severity.Normal;
        var detail = ServerCheckText.Format($"{aborted:N0} of {attempts:N0} connection attempts failed ({percent:0.##}%) and {clients:N0} connection(s) were dropped without closing, in {ServerCheckText.Duration(uptime)} of uptime");
        var message = judged
            ? ServerCheckText.Format($"{detail} (warning at {options.AbortedConnectsWarningPercent}%, critical at {options.AbortedConnectsCriticalPercent}%). Look for a client with an old password or max_connections reached in the server's error log.")
            : ServerCheckText.Format($"{detail}: too few attempts to judge (AbortedConnectsMinimum {options.AbortedConnectsMinimum:N0}).");
        return new ServerCheckResult(Name, severity, message, [new ServerCheckItem("server", severity, Math.Round(percent, 2), "%", detail)]);
    }
}
