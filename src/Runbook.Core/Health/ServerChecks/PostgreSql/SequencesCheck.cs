using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Sequences near exhaustion (<c>pg_sequences</c>, identity and serial ones included): the share of the range used,
/// where the range ends at the sequence's maximum or at the maximum of the column that owns it, whichever comes first
/// (a bigint sequence feeding an integer column fails at 2^31). Cycling sequences never run out and are left out.
/// </summary>
public sealed class SequencesCheck() : ServerCheck("sequences", "sequences (pg_sequences)", "GRANT SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO <the check's user>")
{
    private const int Listed = 10;

    private const string Sql = """
        WITH s AS (
            SELECT quote_ident(q.schemaname) || '.' || quote_ident(q.sequencename) AS name, q.data_type::text AS data_type,
                   q.last_value, q.min_value, q.max_value, q.increment_by,
                   has_sequence_privilege(c.oid, 'SELECT') OR has_sequence_privilege(c.oid, 'USAGE') AS readable,
                   col.owner, col.type_max
            FROM pg_sequences q
            JOIN pg_namespace n ON n.nspname = q.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = q.sequencename
            LEFT JOIN LATERAL (
                SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) AS owner,
                       CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 END::bigint AS type_max
                FROM pg_depend d
                JOIN pg_class t ON t.oid = d.refobjid
                JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                  AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                LIMIT 1) col ON true
            WHERE NOT q.cycle AND q.schemaname NOT IN ('pg_catalog', 'information_schema')
        )
        SELECT name, data_type, readable, COALESCE(owner, ''),
               COALESCE(last_value, 0)::float8,
               (CASE WHEN increment_by > 0 THEN LEAST(max_value, COALESCE(type_max, max_value)) ELSE GREATEST(min_value, COALESCE(-type_max - 1, min_value)) END)::float8,
               (CASE WHEN last_value IS NULL THEN 0
                     WHEN increment_by > 0 THEN 100.0 * (last_value::numeric - min_value) / NULLIF(LEAST(max_value, COALESCE(type_max, max_value))::numeric - min_value, 0)
                     ELSE 100.0 * (max_value::numeric - last_value) / NULLIF(max_value::numeric - GREATEST(min_value, COALESCE(-type_max - 1, min_value)), 0) END)::float8
        FROM s
        ORDER BY 7 DESC, 1
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var rows = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r => (Readable: r.GetBoolean(2), Item: new ServerCheckItem(
                r.GetString(0),
                HealthEvaluator.Grade(r.IsDBNull(6) ? 0 : r.GetDouble(6), options.SequenceWarningPercent, options.SequenceCriticalPercent),
                Math.Round(r.IsDBNull(6) ? 0 : r.GetDouble(6), 2),
                "%",
                ServerCheckText.Format($"{r.GetString(1)}, at {r.GetDouble(4):N0} of {r.GetDouble(5):N0}{(r.GetString(3).Length > 0 ? $", owned by {r.GetString(3)}" : string.Empty)}"))),
            cancellationToken);

        var unreadable = rows.Where(r => !r.Readable).Select(r => r.Item.Subject).ToList();
        var readable = rows.Where(r => r.Readable).Select(r => r.Item).ToList();
        var atRisk = readable.Count(i => i.Severity > Severity.Normal);
        var items = readable.Take(Math.Max(Listed, atRisk)).ToList();
        var fullest = items.FirstOrDefault();
        var message = fullest is null
            ? "No sequence to check."
            : ServerCheckText.Format($"{atRisk} of {readable.Count} sequence(s) at or above {options.SequenceWarningPercent}% of their range (critical at {options.SequenceCriticalPercent}%); the fullest, {fullest.Subject}, at {fullest.Value:0.##}% ({fullest.Detail}).");
        var severity = ServerCheckText.Worst(items);
        if (unreadable.Count > 0)
        {
            message += ServerCheckText.Format($" {unreadable.Count} sequence(s) could not be read ({string.Join(", ", unreadable.Take(5))}): {RequiredGrant}.");
            severity = (Severity)Math.Max((int)severity, (int)Severity.Warning);
        }

        return new ServerCheckResult(Name, severity, message, items);
    }
}
