using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Health;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Queues;

/// <summary>
/// The queue buttons of seed 004: requeue the failed items (status back to waiting, retry count 0, last error NULL),
/// requeue one item, clear the failed or the queued items (with care: a confirmation and a row limit), list items.
/// Every change is one transaction on the target, checked against its row count before it commits, and recorded in
/// the audit trail. Identifiers come from configuration (validated, quoted); values travel as parameters.
/// </summary>
public class QueueOperations
{
    private readonly RunbookOptions _targets = new();
    private readonly QueueOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly AuditTrail _audit = null!;
    private readonly AppTableInspector _inspector = null!;
    private readonly HealthCheckOptions _thresholds = new();
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>For mocking.</summary>
    protected QueueOperations()
    {
    }

    /// <summary>Creates the operations (normally by dependency injection).</summary>
    public QueueOperations(
        IOptions<RunbookOptions> targets,
        IOptions<QueueOptions> options,
        TargetSessionFactory sessions,
        AuditTrail audit,
        AppTableInspector inspector,
        IOptions<HealthCheckOptions> thresholds,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _inspector = inspector ?? throw new ArgumentNullException(nameof(inspector));
        _thresholds = thresholds.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
    }

    private TargetSessionOptions SessionOptions => _options.Session(QueueOptions.SectionName);

    /// <summary>Every configured queue of every target: depth per status, oldest age, stuck count; a target that is down says so.</summary>
    public virtual async Task<IReadOnlyList<QueueSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var summaries = new List<QueueSummary>();
        foreach (var target in _targets.Targets.Where(t => t.Queues.Count > 0))
        {
            try
            {
                await using var session = await _sessions.OpenAsync(target, SessionOptions, cancellationToken);
                for (var q = 0; q < target.Queues.Count; q++)
                {
                    var queue = target.Queues[q];
                    try
                    {
                        var health = await _inspector.ReadQueueAsync(session, queue, $"{_targets.KeyOf(target)}:Queues:{q}", _thresholds, _time.GetUtcNow(), cancellationToken);
                        summaries.Add(new QueueSummary(target.Name, queue.DisplayName, health, null));
                    }
                    catch (Exception e) when (e is TableConfigurationException or DbException)
                    {
                        summaries.Add(new QueueSummary(target.Name, queue.DisplayName, null, DatabaseText.FirstLine(e.Message)));
                    }
                }
            }
            catch (TargetConnectException e)
            {
                summaries.AddRange(target.Queues.Select(q => new QueueSummary(target.Name, q.DisplayName, null, "cannot connect: " + e.Message)));
            }
        }

        return summaries;
    }

    /// <summary>The items of <paramref name="queue"/> in <paramref name="status"/> (default the first failed status), oldest first.</summary>
    public virtual async Task<IReadOnlyList<QueueItem>> ItemsAsync(string target, string queue, string? status, int limit, CancellationToken cancellationToken = default)
    {
        var (targetOptions, queueOptions) = Find(target, queue);
        if (limit is < 1 or > 500)
        {
            throw new InvalidRequestException("'limit' must be between 1 and 500.");
        }

        var wanted = status ?? queueOptions.EffectiveFailedStatuses[0];
        Status(queueOptions, wanted);
        await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
        var sql = await SqlAsync(session, queueOptions, cancellationToken);
        var select = $"SELECT {sql.Id}, {sql.Status}, {sql.CreatedAt}, {sql.RetryCount ?? "NULL"}, {sql.LastError ?? "NULL"} FROM {sql.Table} WHERE {sql.Status} = @status ORDER BY {sql.CreatedAt} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
        return await session.Connection.ListAsync(
            select,
            _options.CommandTimeout,
            r => new QueueItem(
                Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty,
                r.GetString(1),
                r.IsDBNull(2) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc)),
                r.IsDBNull(3) ? null : r.GetInt64Any(3),
                r.IsDBNull(4) ? null : DatabaseText.FirstLine(r.GetValue(4).ToString())),
            cancellationToken,
            ("status", wanted));
    }

    /// <summary>Seed 004 option C: every failed item back to waiting, retry count 0, last error NULL; one transaction.</summary>
    public virtual Task<QueueChange> RequeueFailedAsync(string target, string queue, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("queues.requeue-failed", target, queue, who, new Dictionary<string, string?>(), async () =>
        {
            var (targetOptions, queueOptions) = Find(target, queue);
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, queueOptions, cancellationToken);
            var parameters = new List<(string, object?)> { ("requeue", queueOptions.EffectiveRequeueStatus) };
            var failedIn = DbConnectionExtensions.InList("f", queueOptions.EffectiveFailedStatuses, parameters);
            var rows = await InTransactionAsync(session, tx => ExecuteAsync(session, tx, $"UPDATE {sql.Table} SET {sql.RequeueSet} WHERE {sql.Status} IN ({failedIn})", parameters, cancellationToken), int.MaxValue, cancellationToken);
            return new QueueChange(targetOptions.Name, queueOptions.DisplayName, "requeue-failed", rows, rows == 0 ? "no failed items" : $"{rows} failed item(s) requeued as {queueOptions.EffectiveRequeueStatus}");
        }, cancellationToken);

    /// <summary>One failed item back to waiting; unknown ids are a <see cref="NotFoundException"/>, items not failed change nothing.</summary>
    public virtual Task<QueueChange> RequeueItemAsync(string target, string queue, string id, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("queues.requeue", target, queue, who, new Dictionary<string, string?> { ["id"] = id }, async () =>
        {
            var (targetOptions, queueOptions) = Find(target, queue);
            KeyValues.Parse(id, null, "Item");
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, queueOptions, cancellationToken);
            var key = sql.IdValue(id);
            var parameters = new List<(string, object?)> { ("requeue", queueOptions.EffectiveRequeueStatus), ("id", key) };
            var failedIn = DbConnectionExtensions.InList("f", queueOptions.EffectiveFailedStatuses, parameters);
            var rows = await InTransactionAsync(session, tx => ExecuteAsync(session, tx, $"UPDATE {sql.Table} SET {sql.RequeueSet} WHERE {sql.Id} = @id AND {sql.Status} IN ({failedIn})", parameters, cancellationToken), 1, cancellationToken);
            if (rows == 1)
            {
                return new QueueChange(targetOptions.Name, queueOptions.DisplayName, "requeue", 1, $"item {id} requeued as {queueOptions.EffectiveRequeueStatus}");
            }

            var current = await session.Connection.ScalarAsync<string>($"SELECT {sql.Status} FROM {sql.Table} WHERE {sql.Id} = @id", _options.CommandTimeout, cancellationToken, ("id", key));
            return current is null
                ? throw new NotFoundException($"Queue {queueOptions.DisplayName} on {targetOptions.Name} has no item {id}.")
                : new QueueChange(targetOptions.Name, queueOptions.DisplayName, "requeue", 0, $"item {id} is {current}, not failed; nothing changed");
        }, cancellationToken);

    /// <summary>
    /// Removes the failed (or, with <paramref name="queued"/>, the waiting) items: refused without <paramref name="confirm"/>,
    /// and rolled back when more rows would go than <paramref name="maxRows"/> (default <see cref="QueueOptions.MaxRows"/>).
    /// Calls the application's clear function instead of a DELETE when one is configured.
    /// </summary>
    public virtual Task<QueueChange> ClearAsync(string target, string queue, bool queued, bool confirm, int? maxRows, OperatorContext who, CancellationToken cancellationToken = default)
    {
        var operation = queued ? "clear-queued" : "clear-failed";
        var parameters = new Dictionary<string, string?> { ["confirm"] = confirm ? "true" : "false", ["maxRows"] = maxRows?.ToString(CultureInfo.InvariantCulture) };
        return AuditedAsync("queues." + operation, target, queue, who, parameters, async () =>
        {
            var (targetOptions, queueOptions) = Find(target, queue);
            if (!confirm)
            {
                throw new InvalidRequestException($"Clearing removes items for good: send \"confirm\": true (--yes in the CLI) to {operation} {queueOptions.DisplayName} on {targetOptions.Name}.");
            }

            var limit = maxRows ?? _options.MaxRows;
            if (limit < 1)
            {
                throw new InvalidRequestException("'maxRows' must be at least 1.");
            }

            var statuses = queued ? queueOptions.EffectiveWaitingStatuses : queueOptions.EffectiveFailedStatuses;
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, queueOptions, cancellationToken);
            var rows = await InTransactionAsync(
                session,
                async tx =>
                {
                    long removed = 0;
                    foreach (var status in statuses)
                    {
                        removed += queueOptions.ClearFunction is { } function
                            ? await ScalarAsync(session, tx, $"SELECT {session.Dialect.Quote(SqlIdentifier.Parse(function))}(@status)", [("status", status)], cancellationToken)
                            : await ExecuteAsync(session, tx, $"DELETE FROM {sql.Table} WHERE {sql.Status} = @status", [("status", status)], cancellationToken);
                    }

                    return removed;
                },
                limit,
                cancellationToken);
            return new QueueChange(targetOptions.Name, queueOptions.DisplayName, operation, rows, rows == 0 ? $"no {string.Join("/", statuses)} items" : $"{rows} {string.Join("/", statuses)} item(s) removed");
        }, cancellationToken);
    }

    private Task<QueueChange> AuditedAsync(string operation, string target, string queue, OperatorContext who, Dictionary<string, string?> parameters, Func<Task<QueueChange>> run, CancellationToken cancellationToken) =>
        _audit.RecordAsync(who, operation, $"{DatabaseText.FirstLine(target)}/{DatabaseText.FirstLine(queue)}", parameters, run, change => (change.Rows, change.Detail), cancellationToken);

    private (TargetOptions Target, QueueTableOptions Queue) Find(string target, string queue)
    {
        var targetOptions = _targets.GetTarget(target);
        var queueOptions = targetOptions.Queues.FirstOrDefault(q => string.Equals(q.DisplayName, queue, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"Target {targetOptions.Name} has no queue named '{queue}'. Queues: {string.Join(", ", targetOptions.Queues.Select(q => q.DisplayName))}.");
        return (targetOptions, queueOptions);
    }

    private static void Status(QueueTableOptions queue, string status)
    {
        if (!queue.EffectiveStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw new InvalidRequestException($"'{DatabaseText.FirstLine(status)}' is not a status of queue {queue.DisplayName}: use one of {string.Join(", ", queue.EffectiveStatuses)}.");
        }
    }

    // Runs the change in one transaction; rolls back and refuses when it touched more rows than allowed.
    private async Task<long> InTransactionAsync(TargetSession session, Func<DbTransaction, Task<long>> change, int maxRows, CancellationToken cancellationToken)
    {
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);
        var rows = await change(transaction);
        if (rows > maxRows)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new InvalidRequestException($"{rows} rows would change, more than the limit of {maxRows}; nothing was changed. Raise \"maxRows\" (--max-rows) to {rows} if that is what you mean.");
        }

        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private async Task<long> ExecuteAsync(TargetSession session, DbTransaction transaction, string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = session.Connection.CreateCommand(sql, _options.CommandTimeout, [.. parameters]);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> ScalarAsync(TargetSession session, DbTransaction transaction, string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = session.Connection.CreateCommand(sql, _options.CommandTimeout, [.. parameters]);
        command.Transaction = transaction;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private async Task<QueueSql> SqlAsync(TargetSession session, QueueTableOptions queue, CancellationToken cancellationToken)
    {
        var dialect = session.Dialect;
        var columns = await dialect.ReadColumnsAsync(session.Connection, SqlIdentifier.Parse(queue.Table), _options.CommandTimeout, cancellationToken)
            ?? throw new TableConfigurationException($"Queue table '{queue.Table}' does not exist in target {session.Target.Name}.");
        string Column(string name, ColumnKind? kind, string key) => columns.Quote(dialect, key, name, kind);

        var status = Column(queue.StatusColumn, ColumnKind.Text, "StatusColumn");
        var retry = queue.RetryCountColumn is null ? null : Column(queue.RetryCountColumn, null, "RetryCountColumn");
        var lastError = queue.LastErrorColumn is null ? null : Column(queue.LastErrorColumn, null, "LastErrorColumn");
        var set = $"{status} = @requeue" + (retry is null ? string.Empty : $", {retry} = 0") + (lastError is null ? string.Empty : $", {lastError} = NULL");
        var idType = columns.Columns.GetValueOrDefault(queue.IdColumn);
        return new QueueSql(dialect.Quote(SqlIdentifier.Parse(queue.Table)), Column(queue.IdColumn, null, "IdColumn"), status, Column(queue.CreatedAtColumn, ColumnKind.Time, "CreatedAtColumn"), retry, lastError, set, idType);
    }

    private sealed record QueueSql(string Table, string Id, string Status, string CreatedAt, string? RetryCount, string? LastError, string RequeueSet, ColumnType? IdType)
    {
        public object IdValue(string id) => KeyValues.Parse(id, IdType, "Item");
    }
}
