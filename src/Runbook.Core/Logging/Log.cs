using Microsoft.Extensions.Logging;
using Runbook.Health;

namespace Runbook.Logging;

/// <summary>
/// Every log line Runbook writes, source-generated. Event ids: 1000s health check, 2000s reports, 3000s targets.
/// Connection strings and secrets never appear in a message; text from a server is cleaned of control characters.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Health check finished: {Severity} across {TargetCount} target(s) ({CriticalCount} critical, {WarningCount} warning) in {ElapsedMilliseconds} ms")]
    public static partial void HealthCheckFinished(ILogger logger, Severity severity, int targetCount, int criticalCount, int warningCount, long elapsedMilliseconds);

    [LoggerMessage(1001, LogLevel.Warning, "Target {Target} is unreachable: {Reason}")]
    public static partial void TargetUnreachable(ILogger logger, string target, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "Target {Target}: could not read {What}: {Reason}")]
    public static partial void TargetReadFailed(ILogger logger, string target, string what, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Target {Target} checked: {Severity}, latency {LatencyMilliseconds} ms")]
    public static partial void TargetChecked(ILogger logger, string target, Severity severity, double? latencyMilliseconds);

    [LoggerMessage(2000, LogLevel.Information, "Health report written to {Location}")]
    public static partial void ReportWritten(ILogger logger, string location);

    [LoggerMessage(2001, LogLevel.Warning, "Health reports not stored: Runbook:Storage is not configured")]
    public static partial void ReportStoreNotConfigured(ILogger logger);

    [LoggerMessage(2002, LogLevel.Error, "Health reports could not be stored: {Reason}")]
    public static partial void ReportNotStored(ILogger logger, Exception exception, string reason);

    [LoggerMessage(3000, LogLevel.Information, "Target {Target}: the login was refused; the connection string was read again from Key Vault and has changed")]
    public static partial void ConnectionStringReloaded(ILogger logger, string target);
}
