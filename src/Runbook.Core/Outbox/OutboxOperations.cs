using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using Runbook.Audit;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// Looking at the outbox, and putting a test message in it: counts by status with the oldest pending age, the
/// messages failed for good, and an enqueue that writes the same row an application does (audited).
/// </summary>
public class OutboxOperations
{
    private const int MaxLast = 500;
    private const int MaxIds = 1000;
    private const int DefaultMaxReplay = 1000;
    private readonly RunbookOptions _targets = new();
    private readonly OutboxOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly AuditTrail _audit = null!;
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>For mocking.</summary>
    protected OutboxOperations()
    {
    }

    /// <summary>Creates the operations (normally by dependency injection).</summary>
    public OutboxOperations(IOptions<RunbookOptions> targets, IOptions<OutboxOptions> options, TargetSessionFactory sessions, AuditTrail audit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    private TargetSessionOptions SessionOptions => _options.Session(OutboxOptions.SectionName);

    /// <summary>Counts by status and the oldest pending message, for <paramref name="target"/> or every enabled outbox; a target that is down says so.</summary>
    public virtual async Task<IReadOnlyList<OutboxStatus>> StatusAsync(string? target, CancellationToken cancellationToken = default)
    {
        var statuses = new List<OutboxStatus>();
        foreach (var (options, outbox) in OutboxTargets.Select(_targets, target, "show"))
        {
            try
            {
                await using var session = await _sessions.OpenAsync(options, SessionOptions, cancellationToken);
                var table = OutboxTable.For(session.Dialect, outbox);
                var rows = await session.Connection.ListAsync(
                    $"SELECT status, COUNT(*), MIN(created_at) FROM {table.Quoted} GROUP BY status",
                    _options.CommandTimeout,
                    r => (Status: r.GetString(0), Count: r.GetInt64Any(1), Oldest: r.IsDBNull(2) ? (DateTimeOffset?)null : Utc(r.GetDateTime(2))),
                    cancellationToken);
                long Count(string status) => rows.Where(r => r.Status == status).Sum(r => r.Count);
                var oldest = rows.FirstOrDefault(r => r.Status == OutboxStatements.Pending).Oldest;
                statuses.Add(new OutboxStatus(
                    options.Name, table.Name, Count(OutboxStatements.Pending), Count(OutboxStatements.Processing), Count(OutboxStatements.Processed), Count(OutboxStatements.Failed),
                    oldest, oldest is { } at ? Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds) : null, null));
            }
            catch (Exception e) when (e is TargetConnectException or DbException)
            {
                statuses.Add(new OutboxStatus(options.Name, outbox.Table, 0, 0, 0, 0, null, null, DatabaseText.FirstLine(e.Message)));
            }
        }

        return statuses;
    }

    /// <summary>The last <paramref name="last"/> messages failed for good, newest first.</summary>
    public virtual async Task<IReadOnlyList<OutboxFailure>> FailedAsync(string target, int last, CancellationToken cancellationToken = default)
    {
        if (last is < 1 or > MaxLast)
        {
            throw new InvalidRequestException($"'last' must be between 1 and {MaxLast} (got {last}).");
        }

        var (options, outbox) = OutboxTargets.Select(_targets, target, "show")[0];
        await using var session = await _sessions.OpenAsync(options, SessionOptions, cancellationToken);
        var table = OutboxTable.For(session.Dialect, outbox);
        return await session.Connection.ListAsync(
            $"SELECT id, message_id, to_addresses, subject, attempts, created_at, next_attempt_at, last_error FROM {table.Quoted} WHERE status = @failed ORDER BY next_attempt_at DESC, id DESC LIMIT {last.ToString(CultureInfo.InvariantCulture)}",
            _options.CommandTimeout,
            r => new OutboxFailure(
                r.GetInt64Any(0), r.GetString(1), DatabaseText.FirstLine(r.GetString(2)), DatabaseText.FirstLine(r.GetString(3)), (int)r.GetInt64Any(4),
                Utc(r.GetDateTime(5)), Utc(r.GetDateTime(6)), r.IsDBNull(7) ? null : DatabaseText.FirstLine(r.GetString(7))),
            cancellationToken,
            ("failed", OutboxStatements.Failed));
    }

    /// <summary>
    /// Writes a plain-text message to <paramref name="target"/>'s outbox as an application would (<c>runbook email send</c>),
    /// recorded in the audit trail; the processor sends it. Returns the new row's id.
    /// </summary>
    public virtual Task<long> EnqueueAsync(string target, string to, string subject, string? body, OperatorContext who, CancellationToken cancellationToken = default)
    {
        var parameters = new Dictionary<string, string?> { ["to"] = DatabaseText.FirstLine(to), ["subject"] = DatabaseText.FirstLine(subject) };
        return _audit.RecordAsync(who, "email.send", DatabaseText.FirstLine(target), parameters, async () =>
        {
            if (!InternetAddressList.TryParse(to ?? string.Empty, out var list) || !list.Mailboxes.Any() || list.Mailboxes.Any(m => !m.Address.Contains('@', StringComparison.Ordinal)))
            {
                throw new InvalidRequestException($"'{DatabaseText.FirstLine(to)}' is not an e-mail address (or a comma-separated list of them).");
            }

            if (string.IsNullOrWhiteSpace(subject))
            {
                throw new InvalidRequestException("A subject is required.");
            }

            return await WriteAsync(target, list.ToString(), subject.Trim(), body ?? string.Empty, null, cancellationToken);
        }, id => (1, $"message {id} queued"), cancellationToken);
    }

    /// <summary>
    /// Writes a plain-text message to <paramref name="target"/>'s outbox, unchecked and unaudited: for Runbook's own
    /// notifications, whose addresses were validated at start-up. Returns the new row's id.
    /// </summary>
    public virtual async Task<long> WriteAsync(string target, string to, string subject, string body, string? from, CancellationToken cancellationToken = default)
    {
        var (options, outbox) = OutboxTargets.Select(_targets, target, "send to")[0];
        await using var session = await _sessions.OpenAsync(options, SessionOptions, cancellationToken);
        var table = OutboxTable.For(session.Dialect, outbox);
        var dialect = session.GetRequiredService<IOutboxDialect>();
        return await session.Connection.ScalarAsync<long>(
            $"INSERT INTO {table.Quoted} (to_addresses, from_address, subject, text_body, next_attempt_at, created_at) VALUES (@to, @from, @subject, @body, @now, @now){dialect.ReturningId}",
            _options.CommandTimeout,
            cancellationToken,
            ("to", to), ("from", from), ("subject", subject), ("body", body), ("now", _time.GetUtcNow().UtcDateTime));
    }

    /// <summary>
    /// Seed 003's replay after a bad release: puts <paramref name="target"/>'s failed messages (all of them, or only
    /// <paramref name="ids"/>) back to pending, due now, with their attempts started again; the every-minute processor
    /// sends them. One transaction, rolled back when more rows would change than <paramref name="maxRows"/>
    /// (default 1000), so a replay of far more mail than expected is a decision, not an accident. Audited.
    /// </summary>
    public virtual Task<OutboxReplay> ReplayFailedAsync(string target, IReadOnlyList<long>? ids, int? maxRows, OperatorContext who, CancellationToken cancellationToken = default)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["ids"] = ids is { Count: > 0 } ? string.Join(",", ids.Take(20)) + (ids.Count > 20 ? $",... ({ids.Count})" : string.Empty) : null,
            ["maxRows"] = maxRows?.ToString(CultureInfo.InvariantCulture),
        };
        return _audit.RecordAsync(who, "email.replay-failed", DatabaseText.FirstLine(target), parameters, async () =>
        {
            var limit = maxRows ?? DefaultMaxReplay;
            if (limit < 1)
            {
                throw new InvalidRequestException("'maxRows' must be at least 1.");
            }

            if (ids is { Count: > MaxIds })
            {
                throw new InvalidRequestException($"At most {MaxIds} ids at once (got {ids.Count}); leave the ids out to replay every failed message.");
            }

            var (options, outbox) = OutboxTargets.Select(_targets, target, "replay")[0];
            await using var session = await _sessions.OpenAsync(options, SessionOptions, cancellationToken);
            var sql = new OutboxStatements(OutboxTable.For(session.Dialect, outbox), session.GetRequiredService<IOutboxDialect>(), _options.CommandTimeout);
            var values = OutboxStatements.Statuses();
            values.Add(("now", _time.GetUtcNow().UtcDateTime));
            var only = ids is { Count: > 0 } ? OutboxStatements.Ids(ids.Distinct(), values) : null;
            await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);
            var rows = await sql.ExecuteAsync(session.Connection, transaction, sql.Replay(only), values, cancellationToken);
            if (rows > limit)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new InvalidRequestException($"{rows} failed messages would be sent again, more than the limit of {limit}; nothing was changed. Raise \"maxRows\" (--max-rows) to {rows} if that is what you mean.");
            }

            await transaction.CommitAsync(cancellationToken);
            var missed = only is null ? 0 : ids!.Distinct().Count() - rows;
            var detail = rows == 0 ? "no failed messages" : $"{rows} failed message(s) pending again; the processor sends them within a minute";
            return new OutboxReplay(options.Name, sql.Table.Name, rows, missed > 0 ? $"{detail}; {missed} of the ids given are not failed messages (unknown, or already sent or pending)" : detail);
        }, r => (r.Rows, r.Detail), cancellationToken);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
