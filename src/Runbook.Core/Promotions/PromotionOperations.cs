using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Promotions;

/// <summary>
/// Forcing a stuck promotion off, "safer than editing the DB directly" (seed 000 §2): the row is locked and checked in
/// the same transaction that switches it off (active flag false, or end time now), the optional deactivated-at / -by /
/// reason columns are written, the answer shows each promotion before and after, and a dry run writes nothing. Every
/// call is recorded in the audit trail.
/// </summary>
public class PromotionOperations
{
    private const int MaxReasonLength = 500;
    private readonly RunbookOptions _targets = new();
    private readonly PromotionOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;
    private readonly AuditTrail _audit = null!;
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>For mocking.</summary>
    protected PromotionOperations()
    {
    }

    /// <summary>Creates the operations (normally by dependency injection).</summary>
    public PromotionOperations(IOptions<RunbookOptions> targets, IOptions<PromotionOptions> options, TargetSessionFactory sessions, AuditTrail audit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    private TargetSessionOptions SessionOptions => _options.Session(PromotionOptions.SectionName);

    /// <summary>The target's promotions, or only the active ones.</summary>
    public virtual async Task<IReadOnlyList<Promotion>> ListAsync(string target, bool activeOnly, CancellationToken cancellationToken = default)
    {
        var (targetOptions, table) = Find(target);
        await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
        var sql = await SqlAsync(session, table, cancellationToken);
        var now = _time.GetUtcNow();
        return await session.Connection.ListAsync(
            $"{sql.Select} {(activeOnly ? $"WHERE {sql.ActiveWhere}" : string.Empty)} ORDER BY {sql.Id}", _options.CommandTimeout, Read, cancellationToken, [.. sql.Parameters(now)]);
    }

    /// <summary>Switches one promotion off (already off: nothing changes; unknown id: <see cref="NotFoundException"/>).</summary>
    public virtual Task<PromotionChange> DeactivateAsync(string target, string id, string? reason, bool dryRun, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("promotions.deactivate", $"{DatabaseText.FirstLine(target)}/{DatabaseText.FirstLine(id)}", reason, dryRun, who, async () =>
        {
            var (targetOptions, table) = Find(target);
            var why = Reason(reason);
            KeyValues.Parse(id, null, "Promotion");
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, table, cancellationToken);
            var key = KeyValues.Parse(id, sql.IdType, "Promotion");
            return await ChangeAsync(session, sql, $"{sql.Id} = @id", [("id", key)], why, dryRun, who, single: id, cancellationToken);
        }, cancellationToken);

    /// <summary>Switches every active promotion of the target off, in one transaction.</summary>
    public virtual Task<PromotionChange> DeactivateActiveAsync(string target, string? reason, bool dryRun, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("promotions.deactivate-active", DatabaseText.FirstLine(target), reason, dryRun, who, async () =>
        {
            var (targetOptions, table) = Find(target);
            var why = Reason(reason);
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, table, cancellationToken);
            return await ChangeAsync(session, sql, sql.ActiveWhere, [], why, dryRun, who, single: null, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Switches off the target's promotions whose flag is still on after their end time (the timer's job). Needs both an
    /// active and an end column; a target without them, or without a promotions table, has nothing to expire.
    /// </summary>
    public virtual Task<PromotionChange> ExpireAsync(string target, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("promotions.expire", DatabaseText.FirstLine(target), "ended", dryRun: false, who, async () =>
        {
            var (targetOptions, table) = Find(target);
            await using var session = await _sessions.OpenAsync(targetOptions, SessionOptions, cancellationToken);
            var sql = await SqlAsync(session, table, cancellationToken);
            return sql.ExpiredWhere is null
                ? new PromotionChange(targetOptions.Name, false, [], "no active and end columns configured; nothing to expire")
                : await ChangeAsync(session, sql, sql.ExpiredWhere, [], "ended", dryRun: false, who, single: null, cancellationToken);
        }, cancellationToken);

    private async Task<PromotionChange> ChangeAsync(
        TargetSession session, PromotionSql sql, string where, List<(string, object?)> keys, string reason, bool dryRun, OperatorContext who, string? single, CancellationToken cancellationToken)
    {
        var target = session.Target.Name;
        var now = _time.GetUtcNow();
        var parameters = sql.Parameters(now).Concat(keys).ToList();
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);

        // Lock the rows first: a second operator waits here and then sees them already off.
        var before = await QueryAsync(session, transaction, $"{sql.Select} WHERE {where} FOR UPDATE", parameters, cancellationToken);
        if (single is not null && before.Count == 0)
        {
            throw new NotFoundException($"Target {target} has no promotion {single}.");
        }

        var toChange = before.Where(p => p.Active).ToList();
        if (toChange.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new PromotionChange(target, dryRun, [.. before.Select(p => new PromotionBeforeAfter(p, p))], single is null ? "no active promotion; nothing changed" : $"promotion {single} is already inactive; nothing changed");
        }

        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new PromotionChange(target, true, [.. before.Select(p => new PromotionBeforeAfter(p, p.Active ? p with { Active = false } : p))], $"dry run: {toChange.Count} promotion(s) would be switched off; nothing changed");
        }

        var set = sql.Deactivate + (sql.DeactivatedAt is null ? string.Empty : $", {sql.DeactivatedAt} = @now") + (sql.DeactivatedBy is null ? string.Empty : $", {sql.DeactivatedBy} = @by") + (sql.Reason is null ? string.Empty : $", {sql.Reason} = @reason");
        await using (var update = session.Connection.CreateCommand(
            $"UPDATE {sql.Table} SET {set} WHERE ({where}) AND {sql.ActiveWhere}", _options.CommandTimeout, [.. parameters, ("by", who.Actor), ("reason", reason)]))
        {
            update.Transaction = transaction;
            var rows = await update.ExecuteNonQueryAsync(cancellationToken);
            if (rows != toChange.Count)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new ConflictException($"{rows} promotion(s) would change where {toChange.Count} were locked; nothing was changed. Read them again and retry.");
            }
        }

        var after = await QueryAsync(session, transaction, $"{sql.Select} WHERE {where}", parameters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PromotionChange(
            target,
            false,
            [.. before.Select(b => new PromotionBeforeAfter(b, after.FirstOrDefault(a => a.Id == b.Id) ?? b with { Active = false }))],
            $"{toChange.Count} promotion(s) switched off: {string.Join(", ", toChange.Select(p => p.Name))}");
    }

    private async Task<List<Promotion>> QueryAsync(TargetSession session, DbTransaction transaction, string sql, List<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = session.Connection.CreateCommand(sql, _options.CommandTimeout, [.. parameters]);
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Promotion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    private static Promotion Read(DbDataReader r) => new(
        Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty,
        r.IsDBNull(1) ? string.Empty : DatabaseText.Clean(r.GetValue(1).ToString()),
        r.GetInt64Any(2) == 1,
        r.IsDBNull(3) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc)),
        r.IsDBNull(4) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc)));

    private Task<PromotionChange> AuditedAsync(string operation, string target, string? reason, bool dryRun, OperatorContext who, Func<Task<PromotionChange>> run, CancellationToken cancellationToken) =>
        _audit.RecordAsync(
            who, operation, target,
            new Dictionary<string, string?> { ["reason"] = reason is null ? null : DatabaseText.FirstLine(reason), ["dryRun"] = dryRun ? "true" : "false" },
            run,
            change => (change.DryRun ? 0 : change.Changed, change.Detail),
            cancellationToken);

    private (TargetOptions Target, PromotionTableOptions Table) Find(string target)
    {
        var options = _targets.GetTarget(target);
        return (options, options.Promotions ?? throw new NotFoundException($"Target {options.Name} has no promotions table configured ({_targets.KeyOf(options)}:Promotions)."));
    }

    private static string Reason(string? reason)
    {
        var clean = DatabaseText.Clean(reason).Trim();
        return clean.Length switch
        {
            0 => throw new InvalidRequestException("A reason is required (\"reason\": \"promotion stuck on after the sale ended\"), for the record."),
            > MaxReasonLength => throw new InvalidRequestException($"The reason may be at most {MaxReasonLength} characters."),
            _ => clean,
        };
    }

    private async Task<PromotionSql> SqlAsync(TargetSession session, PromotionTableOptions table, CancellationToken cancellationToken)
    {
        var dialect = session.Dialect;
        var columns = await dialect.ReadColumnsAsync(session.Connection, SqlIdentifier.Parse(table.Table), _options.CommandTimeout, cancellationToken)
            ?? throw new TableConfigurationException($"Promotions table '{table.Table}' does not exist in target {session.Target.Name}.");
        string? Column(string? name, string key, ColumnKind? kind = null) => name is null ? null : columns.Quote(dialect, key, name, kind);

        var id = Column(table.IdColumn, "IdColumn")!;
        var name = Column(table.NameColumn, "NameColumn", ColumnKind.Text)!;
        var active = Column(table.ActiveColumn, "ActiveColumn");
        var starts = Column(table.StartsAtColumn, "StartsAtColumn", ColumnKind.Time);
        var ends = Column(table.EndsAtColumn, "EndsAtColumn", ColumnKind.Time);
        // With a flag, the flag is what the application shows (seed 000's stuck promotion has it on after its end date);
        // without one, the time window is.
        var conditions = active is not null
            ? [$"{active} = @on"]
            : new[] { starts is null ? null : $"({starts} IS NULL OR {starts} <= @now)", $"({ends} IS NULL OR {ends} > @now)" }.OfType<string>();
        var activeWhere = "(" + string.Join(" AND ", conditions) + ")";
        return new PromotionSql(
            dialect.Quote(SqlIdentifier.Parse(table.Table)),
            id,
            $"SELECT {id}, {name}, CASE WHEN {activeWhere} THEN 1 ELSE 0 END, {starts ?? "NULL"}, {ends ?? "NULL"} FROM {dialect.Quote(SqlIdentifier.Parse(table.Table))}",
            activeWhere,
            active is not null ? $"{active} = @off" : $"{ends} = @now",
            Column(table.DeactivatedAtColumn, "DeactivatedAtColumn", ColumnKind.Time),
            Column(table.DeactivatedByColumn, "DeactivatedByColumn", ColumnKind.Text),
            Column(table.ReasonColumn, "ReasonColumn", ColumnKind.Text),
            columns.Columns.GetValueOrDefault(table.IdColumn),
            active is not null && ends is not null ? $"({active} = @on AND {ends} <= @now)" : null);
    }

    private sealed record PromotionSql(
        string Table, string Id, string Select, string ActiveWhere, string Deactivate, string? DeactivatedAt, string? DeactivatedBy, string? Reason, ColumnType? IdType, string? ExpiredWhere)
    {
        public List<(string, object?)> Parameters(DateTimeOffset now) => [("now", now.UtcDateTime), ("on", true), ("off", false)];
    }
}
