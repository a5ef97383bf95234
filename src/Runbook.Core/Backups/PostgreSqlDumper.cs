// PostgreSQL logical dump, written by Runbook itself through Npgsql because the Functions sandbox has no pg_dump.
// It follows pg_dump's plain format: pinned session settings, one REPEATABLE READ READ ONLY snapshot opened before the
// first catalog query, ACCESS SHARE locks on every dumped table, the server's own pg_get_*def functions, rows through
// COPY ... TO STDOUT (the server escapes them) written as COPY ... FROM stdin blocks, foreign keys, indexes and
// triggers after the data. Ownership-free: no OWNER TO, no GRANT or REVOKE; restored objects belong to the restoring user.
using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Runbook.Backups;

/// <summary>
/// Dumps a PostgreSQL database (13+) as plain SQL that <c>psql -X -v ON_ERROR_STOP=1 -f FILE</c> restores into an empty
/// database: schemas, extensions, enum / domain / composite / range types, functions and procedures, sequences with their
/// values, tables (defaults, identity and generated columns, partitions, inheritance), the rows, constraints, indexes,
/// foreign keys, views and materialized views (refreshed at the end), triggers, rules, row-level security and policies,
/// extended statistics and comments, ordered by dependency. Everything is read inside one snapshot on the given
/// connection; the session settings are pinned for the dump's transaction only.
/// </summary>
/// <remarks>
/// Ownership-free: no <c>OWNER TO</c>, <c>GRANT</c> or <c>REVOKE</c> is written, so restored objects belong to the user
/// who restores them; roles named in policies must exist where the dump is restored. Left out (see
/// docs/runbooks/backup-and-restore.md): objects that belong to extensions, large objects, aggregates, operators, casts,
/// text search objects, user-defined collations, foreign tables and servers, event triggers, publications and
/// subscriptions, tablespaces, security labels and the database's own settings.
/// </remarks>
public sealed class PostgreSqlDumper(TimeProvider time, ILogger<PostgreSqlDumper> logger) : IDatabaseDumper
{
    /// <inheritdoc />
    public async Task<DumpResult> DumpAsync(DbConnection connection, Stream output, DumpOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = DumpCall.Check<NpgsqlConnection>(connection, output, options, "PostgreSQL");
        var npgsql = (NpgsqlConnection)connection;
        var dump = new PostgreSqlDump(npgsql, output, options, time, cancellationToken);
        return await DumpCall.RunAsync(dump, connection, () => npgsql.FullState != ConnectionState.Open, time, logger, cancellationToken);
    }
}
