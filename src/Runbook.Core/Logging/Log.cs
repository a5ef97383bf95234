using Microsoft.Extensions.Logging;
using Runbook.Health;

namespace Runbook.Logging;

/// <summary>
/// Every log line Runbook writes, source-generated. Event ids: 1000s health check, 2000s reports, 3000s targets, 4000s tasks and timers, 5000s audit, 6000s e-mail outbox, 7000s backups.
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

    [LoggerMessage(4000, LogLevel.Warning, "Task {Task} {State} by {Actor}: {Reason}")]
    public static partial void TaskSwitched(ILogger logger, string task, string state, string actor, string reason);

    [LoggerMessage(4001, LogLevel.Warning, "Timer {Task} skipped: switched off by {Actor} at {ChangedAt} ({Reason}){Until}")]
    public static partial void TimerSkipped(ILogger logger, string task, string actor, DateTimeOffset? changedAt, string reason, string until);

    [LoggerMessage(4002, LogLevel.Information, "Timer {Task} finished: {Outcome} in {ElapsedMilliseconds} ms (past due: {IsPastDue})")]
    public static partial void TimerFinished(ILogger logger, string task, string outcome, long elapsedMilliseconds, bool isPastDue);

    [LoggerMessage(4003, LogLevel.Error, "Timer {Task} failed after {ElapsedMilliseconds} ms (past due: {IsPastDue}): {Reason}")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string task, long elapsedMilliseconds, bool isPastDue, string reason);


    [LoggerMessage(5000, LogLevel.Warning, "Audit record not stored ({Operation} by {Actor}: {Outcome}): Runbook:Storage is not configured")]
    public static partial void AuditNotStored(ILogger logger, string operation, string actor, string outcome);

    [LoggerMessage(5001, LogLevel.Error, "The audit record of {Operation} could not be stored: {Reason}")]
    public static partial void AuditAppendFailed(ILogger logger, Exception exception, string operation, string reason);

    [LoggerMessage(7000, LogLevel.Information, "Dump of database {Database} finished: {TableCount} tables, {RowCount} rows, {Bytes} bytes in {ElapsedMilliseconds} ms")]
    public static partial void DumpFinished(ILogger logger, string database, int tableCount, long rowCount, long bytes, long elapsedMilliseconds);

    [LoggerMessage(7001, LogLevel.Warning, "Dump of database {Database}: tables of non-transactional engines are read as they are when their turn comes, not as of the snapshot: {Tables}")]
    public static partial void DumpTablesOutsideSnapshot(ILogger logger, string database, string tables);

    [LoggerMessage(3000, LogLevel.Information, "Target {Target}: the login was refused; the connection string was read again from Key Vault and has changed")]
    public static partial void ConnectionStringReloaded(ILogger logger, string target);

    [LoggerMessage(7010, LogLevel.Information, "Backup of {Target} stored as {Name}: {Bytes} bytes ({SqlBytes} bytes of SQL)")]
    public static partial void BackupStored(ILogger logger, string target, string name, long bytes, long sqlBytes);

    [LoggerMessage(7011, LogLevel.Information, "Backup {Name} verified: {Passed} ({Message})")]
    public static partial void BackupVerified(ILogger logger, string name, bool passed, string message);

    [LoggerMessage(7012, LogLevel.Information, "Backup {Name} of {Target} deleted by prune ({Reason})")]
    public static partial void BackupPruned(ILogger logger, string target, string name, string reason);

    [LoggerMessage(7020, LogLevel.Information, "Backup {Name} restore drill in scratch database {Database}: {Passed} ({Message})")]
    public static partial void BackupDrilled(ILogger logger, string name, string database, bool passed, string message);

    [LoggerMessage(7021, LogLevel.Error, "Scratch database {Database} of a restore drill on {Target} could not be dropped; drop it by hand: {Reason}")]
    public static partial void DrillScratchNotDropped(ILogger logger, Exception exception, string database, string target, string reason);

    [LoggerMessage(6000, LogLevel.Information, "Outbox {Target}: {Claimed} claimed, {Sent} sent, {Retrying} to retry, {Failed} failed, {Released} given back untried, {Purged} purged in {ElapsedMilliseconds} ms")]
    public static partial void OutboxProcessed(ILogger logger, string target, int claimed, int sent, int retrying, int failed, int released, int purged, long elapsedMilliseconds);

    [LoggerMessage(6001, LogLevel.Warning, "Outbox {Target}: row {Id} was sent but another processor had reclaimed it after the processing timeout; receivers may see Message-Id {MessageId} twice")]
    public static partial void OutboxSuperseded(ILogger logger, string target, long id, string messageId);

    [LoggerMessage(6002, LogLevel.Warning, "Outbox {Target}: row {Id} failed for good after {Attempts} attempt(s): {Reason}")]
    public static partial void OutboxFailed(ILogger logger, string target, long id, int attempts, string reason);

    [LoggerMessage(6003, LogLevel.Information, "Outbox {Target}: row {Id} failed attempt {Attempts}, due again at {NextAttemptAt}: {Reason}")]
    public static partial void OutboxRetrying(ILogger logger, string target, long id, int attempts, DateTimeOffset nextAttemptAt, string reason);

    [LoggerMessage(6004, LogLevel.Warning, "Outbox {Target}: the claim met a lock conflict, trying again ({Retry} of {MaxRetries}): {Reason}")]
    public static partial void OutboxClaimConflict(ILogger logger, string target, int retry, int maxRetries, string reason);

    [LoggerMessage(6005, LogLevel.Error, "Outbox {Target}: {Count} claimed message(s) given back untried: {Reason}")]
    public static partial void OutboxSmtpUnavailable(ILogger logger, string target, int count, string reason);

    [LoggerMessage(6006, LogLevel.Warning, "Outbox {Target}: {Count} claimed message(s) given back untried: the batch ran out of time before its rows could be reclaimed")]
    public static partial void OutboxOutOfTime(ILogger logger, string target, int count);

    [LoggerMessage(8000, LogLevel.Information, "Notification {Key}: {Kind} sent to {Where}")]
    public static partial void NotificationSent(ILogger logger, string key, string kind, string where);

    [LoggerMessage(8001, LogLevel.Information, "Notification {Key}: not sent again, it was sent at {LastSentAt} (de-duplication window {Window})")]
    public static partial void NotificationSuppressed(ILogger logger, string key, DateTimeOffset lastSentAt, TimeSpan window);

    [LoggerMessage(8002, LogLevel.Warning, "Notification {Key}: the {Channel} channel did not take it: {Reason}")]
    public static partial void NotificationChannelFailed(ILogger logger, string key, string channel, string reason);

    [LoggerMessage(8003, LogLevel.Error, "Notification {Key} could not be sent: {Reason}")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string key, string reason);
}
