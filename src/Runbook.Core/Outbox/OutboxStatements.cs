using System.Data.Common;
using System.Globalization;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// The outbox's SQL, the same on both engines: identifiers from <see cref="OutboxTable"/> (validated, quoted), every
/// value a parameter. Completion, retry and release are fenced by the claim token, so a processor whose rows were
/// reclaimed changes nothing with a late write.
/// </summary>
internal sealed class OutboxStatements(OutboxTable table, IOutboxDialect dialect, TimeSpan timeout)
{
    /// <summary>The statuses of a row.</summary>
    public const string Pending = "pending", Processing = "processing", Processed = "processed", Failed = "failed";

    private const string MessageColumns = "id, message_id, to_addresses, cc_addresses, bcc_addresses, from_address, reply_to, subject, text_body, html_body, headers, attempts";
    private readonly string _t = table.Quoted;

    /// <summary>The table's names.</summary>
    public OutboxTable Table => table;

    /// <summary>
    /// Rows of one status (<c>@processing</c> past their processing timeout, due <c>@pending</c> ones, or every
    /// <c>@failed</c> one for a replay), oldest first, locked, skipping rows another processor holds. One status per
    /// query, so that the claim index gives the order and only the rows returned are locked.
    /// </summary>
    public string Due(string status, bool dueOnly, int limit) =>
        $"SELECT id FROM {_t}{dialect.IndexHint(table, "claim")} WHERE status = @{status}{(dueOnly ? " AND next_attempt_at <= @now" : string.Empty)} ORDER BY next_attempt_at, id LIMIT {Number(limit)} FOR UPDATE SKIP LOCKED";

    /// <summary>
    /// Marks the locked rows processing under <c>@token</c>, due again (reclaimable) at <c>@deadline</c>; a failed row
    /// replayed starts its attempts again. Attempts come first: MySQL assigns left to right.
    /// </summary>
    public string Claim(string ids) =>
        $"UPDATE {_t} SET attempts = CASE WHEN status = @failed THEN 1 ELSE attempts + 1 END, status = @processing, claim_token = @token, processing_started_at = @now, next_attempt_at = @deadline WHERE id IN ({ids})";

    /// <summary>The claimed rows' content.</summary>
    public string Read(string ids) => $"SELECT {MessageColumns} FROM {_t} WHERE id IN ({ids}) AND claim_token = @token ORDER BY id";

    /// <summary>Rows sent, completed at <c>@now</c> (each only while it is still this batch's).</summary>
    public string Complete(string ids) =>
        $"UPDATE {_t} SET status = @processed, processed_at = @now, claim_token = NULL, processing_started_at = NULL WHERE id IN ({ids}) AND claim_token = @token";

    /// <summary>Which of the rows <see cref="Complete"/> at the same <c>@now</c> completed, when not all were still the batch's.</summary>
    public string CompletedAt(string ids) => $"SELECT id FROM {_t} WHERE id IN ({ids}) AND status = @processed AND processed_at = @now AND claim_token IS NULL";

    /// <summary>One row failed: <c>@status</c> pending (due at <c>@next</c>) or failed, with its error.</summary>
    public string Reschedule => $"UPDATE {_t} SET status = @status, next_attempt_at = @next, last_error = @error, claim_token = NULL, processing_started_at = NULL WHERE id = @id AND claim_token = @token";

    /// <summary>Claimed rows given back untried: pending and due now, the attempt not counted.</summary>
    public string Release(string ids) =>
        $"UPDATE {_t} SET attempts = attempts - 1, status = @pending, next_attempt_at = @now, last_error = COALESCE(@error, last_error), claim_token = NULL, processing_started_at = NULL WHERE id IN ({ids}) AND claim_token = @token";

    /// <summary>Failed rows (only those in <paramref name="ids"/> when given) pending again, due <c>@now</c>, attempts from zero; the last error is kept.</summary>
    public string Replay(string? ids) =>
        $"UPDATE {_t} SET status = @pending, attempts = 0, next_attempt_at = @now, claim_token = NULL, processing_started_at = NULL WHERE status = @failed{(ids is null ? string.Empty : $" AND id IN ({ids})")}";

    /// <summary>Processed rows past the retention period, locked.</summary>
    public string Expired(int limit) => $"SELECT id FROM {_t}{dialect.IndexHint(table, "processed")} WHERE status = @processed AND processed_at < @cutoff ORDER BY processed_at, id LIMIT {Number(limit)} FOR UPDATE SKIP LOCKED";

    /// <summary>Deletes the locked processed rows.</summary>
    public string Purge(string ids) => $"DELETE FROM {_t} WHERE id IN ({ids}) AND status = @processed";

    /// <summary>The status values every statement may use.</summary>
    public static List<(string Name, object? Value)> Statuses() =>
        [("pending", Pending), ("processing", Processing), ("processed", Processed), ("failed", Failed)];

    /// <summary>Adds one parameter per id to <paramref name="parameters"/> and returns the list for an <c>IN (...)</c>.</summary>
    public static string Ids(IEnumerable<long> ids, List<(string Name, object? Value)> parameters)
    {
        var names = new List<string>();
        foreach (var id in ids)
        {
            var name = "i" + names.Count.ToString(CultureInfo.InvariantCulture);
            names.Add("@" + name);
            parameters.Add((name, id));
        }

        return string.Join(", ", names);
    }

    /// <summary>Runs a statement, in <paramref name="transaction"/> when given (MySqlConnector insists); returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, List<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, timeout, [.. parameters]);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query, in <paramref name="transaction"/> when given, and maps each row.</summary>
    public async Task<List<T>> ListAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, List<(string Name, object? Value)> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, timeout, [.. parameters]);
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
