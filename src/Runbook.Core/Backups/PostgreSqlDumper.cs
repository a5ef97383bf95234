// PostgreSQL logical dump, written by Runbook itself through Npgsql because the Functions sandbox has no pg_dump.
// It follows pg_dump's plain format: pinned session settings, one REPEATABLE READ READ ONLY snapshot opened before the
// first catalog query, ACCESS SHARE locks on every dumped table, the server's own pg_get_*def functions, rows through
// COPY ... TO STDOUT (the server escapes them) written as COPY ... FROM stdin blocks, foreign keys, indexes and
// triggers after the data. Ownership-free: no OWNER TO, no GRANT or REVOKE; restored objects belong to the restoring user.
using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using Runbook.Logging;
using Runbook.Targets;

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
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(output);
        if (connection is not NpgsqlConnection npgsql)
        {
            throw new ArgumentException($"The PostgreSQL dumper needs an NpgsqlConnection, not {connection.GetType().Name}.", nameof(connection));
        }

        if (connection.State != ConnectionState.Open)
        {
            throw new ArgumentException("The connection must be open.", nameof(connection));
        }

        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        options ??= new DumpOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LockTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CommandTimeout, TimeSpan.Zero, nameof(options));

        var started = time.GetTimestamp();
        var dump = new PostgreSqlDump(npgsql, output, options, time, cancellationToken);
        try
        {
            var result = await dump.RunAsync();
            Log.DumpFinished(logger, result.Database, result.Tables.Count, result.TotalRows, result.TotalBytes, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsDumpFailure(e, npgsql))
        {
            throw new DumpFailedException(npgsql.Database, dump.Step, DatabaseText.FirstLine(e.Message), e);
        }
        finally
        {
            await dump.AbandonAsync();
        }
    }

    // Server errors, a broken connection, timeouts and output that cannot be written; not programming errors.
    private static bool IsDumpFailure(Exception e, NpgsqlConnection connection) =>
        e is DbException or IOException or TimeoutException
        || (e is InvalidOperationException or ObjectDisposedException && connection.FullState != ConnectionState.Open);
}
