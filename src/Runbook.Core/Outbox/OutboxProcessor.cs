using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Logging;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// Seed 003's <c>process_email_queue</c>: claims a batch of due rows (<c>SELECT ... FOR UPDATE SKIP LOCKED</c> and
/// marked processing under a claim token, in one short transaction: no row lock is held while mail is sent), sends
/// them over one SMTP connection, and writes each outcome fenced by the claim token (a sent row's while the next
/// messages go out: see <see cref="MaxUnrecorded"/>). A 5xx reply fails a message at once, anything else is retried
/// after min(base × 2^(attempts−1), max) plus jitter until the attempts are used up;
/// rows left in processing past the processing timeout are claimed again. The batch stops sending well before its rows
/// could be reclaimed, and gives back what it did not try.
/// </summary>
public class OutboxProcessor
{
    private const int MaxErrorLength = 1000;

    /// <summary>
    /// The most rows sent but not yet recorded as sent when the next message is handed to the server. Their completion
    /// is written in one round trip while the next messages go out, instead of one round trip between every two
    /// messages (bench/outbox.sh); a crash sends them again after the processing timeout, as it always has the message
    /// in flight.
    /// </summary>
    internal const int MaxUnrecorded = 8;

    private readonly RunbookOptions _targets = new();
    private readonly OutboxOptions _options = new();
    private readonly SmtpOptions _smtp = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly SmtpConnector _connector = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = null!;

    /// <summary>For mocking.</summary>
    protected OutboxProcessor()
    {
    }

    /// <summary>Creates the processor (normally by dependency injection).</summary>
    public OutboxProcessor(
        IOptions<RunbookOptions> targets,
        IOptions<OutboxOptions> options,
        IOptions<SmtpOptions> smtp,
        TargetSessionFactory sessions,
        SmtpConnector connector,
        TimeProvider time,
        ILogger<OutboxProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(smtp);
        _targets = targets.Value;
        _options = options.Value;
        _smtp = smtp.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Processes one batch of <paramref name="target"/>'s outbox, or of every enabled outbox: up to <paramref name="limit"/>
    /// messages (default <see cref="OutboxOptions.BatchSize"/>), failed ones too with <paramref name="includeFailed"/>
    /// (replayed with their attempts started again). A target that cannot be reached, or whose SMTP server cannot,
    /// or whose outbox table is missing, has its <see cref="OutboxRunResult.Error"/> set and the others are still processed.
    /// </summary>
    public virtual async Task<IReadOnlyList<OutboxRunResult>> ProcessAsync(string? target, int? limit, bool includeFailed, CancellationToken cancellationToken = default)
    {
        var batch = limit ?? _options.BatchSize;
        if (batch is < 1 or > 10_000)
        {
            throw new InvalidRequestException($"The limit must be between 1 and 10000 (got {batch}).");
        }

        var results = new List<OutboxRunResult>();
        foreach (var (options, outbox) in OutboxTargets.Select(_targets, target, "process"))
        {
            var started = _time.GetTimestamp();
            var counts = new Counts();
            try
            {
                await ProcessAsync(options, outbox, batch, includeFailed, counts, cancellationToken);
            }
            catch (TargetConnectException e)
            {
                counts.Error = "cannot connect: " + e.Message;
            }
            catch (TableConfigurationException e)
            {
                counts.Error = e.Message;
            }

            var result = counts.Result(options.Name);
            Log.OutboxProcessed(_logger, result.Target, result.Claimed, result.Sent, result.Retrying, result.Failed, result.Released, result.Purged, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            results.Add(result);
        }

        return results;
    }

    private async Task ProcessAsync(TargetOptions target, OutboxTableOptions outbox, int limit, bool includeFailed, Counts counts, CancellationToken cancellationToken)
    {
        await using var session = await _sessions.OpenAsync(target, _options.Session(OutboxOptions.SectionName), cancellationToken);
        var sql = new OutboxStatements(OutboxTable.For(session.Dialect, outbox), session.GetRequiredService<IOutboxDialect>(), _options.CommandTimeout);
        var token = Guid.NewGuid().ToString("D");
        var claimedAt = _time.GetTimestamp();
        var rows = await ClaimAsync(session, sql, token, limit, includeFailed, counts, cancellationToken);
        counts.Claimed = rows.Count;
        if (rows.Count > 0)
        {
            await SendAsync(session, sql, token, claimedAt, rows, counts, cancellationToken);
        }

        if (_options.Retention > TimeSpan.Zero && counts.Error is null)
        {
            counts.Purged = await PurgeAsync(session, sql, cancellationToken);
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(TargetSession session, OutboxStatements sql, string token, int limit, bool includeFailed, Counts counts, CancellationToken cancellationToken)
    {
        var dialect = session.GetRequiredService<IOutboxDialect>();
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await ClaimOnceAsync(session.Connection, sql, token, limit, includeFailed, cancellationToken);
            }
            catch (DbException e) when (dialect.IsClaimConflict(e) && retry < _options.ClaimRetries)
            {
                counts.ClaimRetries++;
                Log.OutboxClaimConflict(_logger, session.Target.Name, retry + 1, _options.ClaimRetries, DatabaseText.FirstLine(e.Message));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 200) * (retry + 1)), _time, cancellationToken);
            }
            catch (DbException e) when (session.Dialect.IsMissingTableOrColumn(e))
            {
                throw new TableConfigurationException(
                    $"The outbox table {sql.Table.Name} of target {session.Target.Name} is missing or incomplete ({DatabaseText.FirstLine(e.Message)}): run runbook db migrate --target {session.Target.Name}.");
            }
        }
    }

    // One short transaction: lock the due rows (skipping rows other processors hold), mark them ours, read them.
    private async Task<List<OutboxMessage>> ClaimOnceAsync(DbConnection connection, OutboxStatements sql, string token, int limit, bool includeFailed, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var parameters = OutboxStatements.Statuses();
        parameters.AddRange([("now", now.UtcDateTime), ("token", token), ("deadline", (now + _options.ProcessingTimeout).UtcDateTime)]);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var ids = new List<long>();
        foreach (var (status, dueOnly) in new[] { ("processing", true), ("pending", true), ("failed", false) }.Take(includeFailed ? 3 : 2))
        {
            if (ids.Count < limit)
            {
                ids.AddRange(await sql.ListAsync(connection, transaction, sql.Due(status, dueOnly, limit - ids.Count), parameters, r => r.GetInt64Any(0), cancellationToken));
            }
        }

        if (ids.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return [];
        }

        var list = OutboxStatements.Ids(ids, parameters);
        var claimed = await sql.ExecuteAsync(connection, transaction, sql.Claim(list), parameters, cancellationToken);
        if (claimed != ids.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new ConflictException($"{claimed} outbox row(s) would be claimed where {ids.Count} were locked; nothing was claimed.");
        }

        var rows = await sql.ListAsync(connection, transaction, sql.Read(list), parameters, Read, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private async Task SendAsync(TargetSession session, OutboxStatements sql, string token, long claimedAt, List<OutboxMessage> rows, Counts counts, CancellationToken cancellationToken)
    {
        var target = session.Target.Name;
        var batch = new Batch(session, sql, token, counts);
        ISmtpClient? smtp = null;
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row.Attempts > _options.MaxAttempts)
                {
                    await FinishAsync(batch, row, false, $"gave up after {_options.MaxAttempts} attempt(s): the last did not finish within {OutboxOptions.SectionName}:ProcessingTimeout (its processor stopped or hung)");
                    continue;
                }

                // Stop while the rows left are safely ours: another processor may reclaim them after the processing timeout.
                if (_time.GetElapsedTime(claimedAt) > _options.ProcessingTimeout - (2 * _smtp.SendTimeout))
                {
                    Log.OutboxOutOfTime(_logger, target, rows.Count - i);
                    await ReleaseAsync(batch, rows[i..], null);
                    return;
                }

                MimeKit.MimeMessage message;
                try
                {
                    message = OutboxMimeBuilder.Build(row, _smtp, _time.GetUtcNow());
                }
                catch (OutboxMessageException e)
                {
                    await FinishAsync(batch, row, false, e.Message);
                    continue;
                }

                if (smtp is not { IsConnected: true })
                {
                    smtp?.Dispose();
                    smtp = null;
                    try
                    {
                        smtp = await _connector.ConnectAsync(cancellationToken);
                    }
                    catch (Exception e) when (IsSmtpFailure(e) && !cancellationToken.IsCancellationRequested)
                    {
                        counts.Error = $"SMTP server {_smtp.Host}:{_smtp.Port} unavailable: {Describe(e)}";
                        Log.OutboxSmtpUnavailable(_logger, target, rows.Count - i, counts.Error);
                        await ReleaseAsync(batch, rows[i..], counts.Error);
                        return;
                    }
                }

                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(_smtp.SendTimeout);
                try
                {
                    await smtp.SendAsync(message, deadline.Token);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The message in flight may have been delivered: it stays processing and is reclaimed after the timeout.
                    await ReleaseAsync(batch, rows[(i + 1)..], null);
                    throw;
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
                {
                    await FinishAsync(batch, row, false, Describe(e));
                    continue;
                }
                catch (Exception e) when (IsSmtpFailure(e))
                {
                    await FinishAsync(batch, row, true, Describe(e));
                    if (e is not SmtpCommandException)
                    {
                        smtp.Dispose(); // the connection is in an unknown state: a fresh one for the next message
                        smtp = null;
                    }

                    continue;
                }

                await CompletedAsync(batch, row);
            }

            await FlushAsync(batch);
        }
        finally
        {
            // A write still in flight here means something failed: it must end before the connection is given back.
            if (batch.Writing is { } writing)
            {
                await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (smtp is not null)
            {
                await QuitAsync(smtp);
            }
        }
    }

    // A row sent: its completion joins the next write, started at once unless one is in flight. The sender waits for
    // the write in flight only when MaxUnrecorded rows would be sent and unrecorded: the round trip overlaps the sends.
    private async Task CompletedAsync(Batch batch, OutboxMessage row)
    {
        batch.Pending.Add(row);
        if (batch.Writing is { IsCompleted: false } && batch.WritingRows + batch.Pending.Count < MaxUnrecorded)
        {
            return;
        }

        await WriteAsync(batch);
    }

    // Every outcome written, before the connection is used for anything else (it runs one command at a time).
    private async Task FlushAsync(Batch batch)
    {
        await WriteAsync(batch);
        await WaitAsync(batch);
    }

    // Waits for the write in flight, then starts one for the rows sent meanwhile.
    private async Task WriteAsync(Batch batch)
    {
        await WaitAsync(batch);
        if (batch.Pending.Count > 0)
        {
            var rows = batch.Pending.ToArray();
            batch.Pending.Clear();
            (batch.Writing, batch.WritingRows) = (CompleteAsync(batch, rows), rows.Length);
        }
    }

    private static async Task WaitAsync(Batch batch)
    {
        if (batch.Writing is { } writing)
        {
            (batch.Writing, batch.WritingRows) = (null, 0);
            await writing;
        }
    }

    // One round trip for the rows sent meanwhile, each fenced by the claim token.
    private async Task CompleteAsync(Batch batch, OutboxMessage[] rows)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)); // read back below: whole milliseconds survive both engines
        var parameters = new List<(string Name, object? Value)> { ("processed", OutboxStatements.Processed), ("now", now), ("token", batch.Token) };
        var list = OutboxStatements.Ids(rows.Select(r => r.Id), parameters);
        var connection = batch.Session.Connection;

        // The messages are out: their outcome is written even when the run is being cancelled.
        var completed = await batch.Sql.ExecuteAsync(connection, null, batch.Sql.Complete(list), parameters, CancellationToken.None);
        batch.Counts.Sent += completed;
        batch.Counts.Superseded += rows.Length - completed;
        if (completed < rows.Length)
        {
            // Some rows were claimed again by another processor (this batch outlived the processing timeout): name them.
            var ours = await batch.Sql.ListAsync(connection, null, batch.Sql.CompletedAt(list), parameters, r => r.GetInt64Any(0), CancellationToken.None);
            foreach (var row in rows.Where(r => !ours.Contains(r.Id)))
            {
                Log.OutboxSuperseded(_logger, batch.Session.Target.Name, row.Id, row.MessageId);
            }
        }
    }

    // A failure: for now (due again after the back-off) while attempts remain, else for good.
    private async Task FinishAsync(Batch batch, OutboxMessage row, bool transient, string error)
    {
        await FlushAsync(batch);
        var now = _time.GetUtcNow();
        var retry = transient && row.Attempts < _options.MaxAttempts;
        var next = retry ? now + OutboxRetry.Delay(row.Attempts, _options, Random.Shared.NextDouble()) : now;
        var reason = Shorten(error);
        var parameters = OutboxStatements.Statuses();
        parameters.AddRange([
            ("status", retry ? OutboxStatements.Pending : OutboxStatements.Failed), ("next", next.UtcDateTime), ("error", reason), ("id", row.Id), ("token", batch.Token),
        ]);
        if (await batch.Sql.ExecuteAsync(batch.Session.Connection, null, batch.Sql.Reschedule, parameters, CancellationToken.None) != 1)
        {
            batch.Counts.Superseded++;
            return;
        }

        if (retry)
        {
            batch.Counts.Retrying++;
            Log.OutboxRetrying(_logger, batch.Session.Target.Name, row.Id, row.Attempts, next, reason);
        }
        else
        {
            batch.Counts.Failed++;
            Log.OutboxFailed(_logger, batch.Session.Target.Name, row.Id, row.Attempts, reason);
        }
    }

    private async Task ReleaseAsync(Batch batch, List<OutboxMessage> rows, string? error)
    {
        await FlushAsync(batch);
        if (rows.Count == 0)
        {
            return;
        }

        var parameters = OutboxStatements.Statuses();
        parameters.AddRange([("now", _time.GetUtcNow().UtcDateTime), ("token", batch.Token), ("error", error is null ? null : Shorten(error))]);
        var list = OutboxStatements.Ids(rows.Select(r => r.Id), parameters);
        var released = await batch.Sql.ExecuteAsync(batch.Session.Connection, null, batch.Sql.Release(list), parameters, CancellationToken.None);
        batch.Counts.Released += released;
        batch.Counts.Superseded += rows.Count - released;
    }

    private async Task<int> PurgeAsync(TargetSession session, OutboxStatements sql, CancellationToken cancellationToken)
    {
        var parameters = OutboxStatements.Statuses();
        parameters.Add(("cutoff", (_time.GetUtcNow() - _options.Retention).UtcDateTime));
        var connection = session.Connection;
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var ids = await sql.ListAsync(connection, transaction, sql.Expired(_options.PurgeBatchSize), parameters, r => r.GetInt64Any(0), cancellationToken);
        if (ids.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var deleted = await sql.ExecuteAsync(connection, transaction, sql.Purge(OutboxStatements.Ids(ids, parameters)), parameters, cancellationToken);
        if (deleted != ids.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new ConflictException($"{deleted} processed outbox row(s) would be deleted where {ids.Count} were locked; nothing was deleted.");
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task QuitAsync(ISmtpClient smtp)
    {
        try
        {
            if (smtp.IsConnected)
            {
                using var quit = new CancellationTokenSource(_smtp.SendTimeout);
                await smtp.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception e) when (IsSmtpFailure(e))
        {
            // Every outcome is written already; a QUIT that goes unanswered changes nothing.
        }
        finally
        {
            smtp.Dispose();
        }
    }

    private static OutboxMessage Read(DbDataReader r) => new(
        r.GetInt64Any(0),
        r.GetString(1),
        r.GetString(2),
        Text(r, 3),
        Text(r, 4),
        Text(r, 5),
        Text(r, 6),
        r.GetString(7),
        Text(r, 8),
        Text(r, 9),
        Text(r, 10),
        (int)r.GetInt64Any(11));

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static bool IsSmtpFailure(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or AuthenticationException or SslHandshakeException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or NotSupportedException or TimeoutException or OperationCanceledException;

    private string Describe(Exception e) => e switch
    {
        SmtpCommandException c => string.Create(CultureInfo.InvariantCulture, $"{(int)c.StatusCode} {DatabaseText.FirstLine(c.Message)}{((int)c.StatusCode >= 500 ? " (permanent)" : string.Empty)}"),
        OperationCanceledException or TimeoutException => string.Create(CultureInfo.InvariantCulture, $"no answer within {_smtp.SendTimeout.TotalSeconds:0.###} s ({SmtpOptions.SectionName}:SendTimeout)"),
        _ => $"{e.GetType().Name}: {DatabaseText.FirstLine(e.Message)}",
    };

    private static string Shorten(string text)
    {
        var clean = DatabaseText.Clean(text);
        return clean.Length > MaxErrorLength ? clean[..MaxErrorLength] : clean;
    }

    private sealed record Batch(TargetSession Session, OutboxStatements Sql, string Token, Counts Counts)
    {
        /// <summary>Rows sent whose completion is not being written yet.</summary>
        public List<OutboxMessage> Pending { get; } = [];

        /// <summary>The completion being written, if any, and how many rows it records.</summary>
        public Task? Writing { get; set; }

        public int WritingRows { get; set; }
    }

    private sealed class Counts
    {
        public int Claimed { get; set; }

        public int Sent { get; set; }

        public int Retrying { get; set; }

        public int Failed { get; set; }

        public int Released { get; set; }

        public int Superseded { get; set; }

        public int ClaimRetries { get; set; }

        public int Purged { get; set; }

        public string? Error { get; set; }

        public OutboxRunResult Result(string target) => new(target, Claimed, Sent, Retrying, Failed, Released, Superseded, ClaimRetries, Purged, Error);
    }
}
