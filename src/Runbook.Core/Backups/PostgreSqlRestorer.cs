using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Restores a plain-SQL dump into PostgreSQL, statements sent as they are read and rows through <c>COPY FROM STDIN</c> as
/// they stream. Into a database that already existed, in one transaction (like <c>psql --single-transaction -v
/// ON_ERROR_STOP=1</c>, with <c>FREEZE</c> into the tables the restore itself created): any error, or a checksum that does
/// not match at the end, rolls everything back, so the database is either restored or as it was. Into a database made for
/// the restore (<see cref="RestoreRun.OpenLoaderAsync"/>), statements commit one by one and rows load over several
/// connections at once (<see cref="PostgreSqlRowLoaders"/>); a failure there is undone by dropping the database.
/// </summary>
public sealed partial class PostgreSqlRestorer : IDumpRestorer
{
    /// <inheritdoc />
    public bool RollsBack => true;

    /// <inheritdoc />
    public bool LoadsInParallel => true;

    /// <inheritdoc />
    public async Task<bool> CreateDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (await connection.ScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @name", timeout, cancellationToken, ("name", database)) > 0)
        {
            return false;
        }

        await using var create = connection.CreateCommand($"CREATE DATABASE {Quote(database)}", timeout);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task DropDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        NpgsqlConnection.ClearAllPools();
        await using var drop = connection.CreateCommand($"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)", timeout);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountObjectsAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        connection.ScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%')
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))
            """,
            timeout,
            cancellationToken);

    /// <inheritdoc />
    public async Task<long> RestoreAsync(RestoreRun run, Stream sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sql);
        var npgsql = run.Connection as NpgsqlConnection ?? throw new ArgumentException($"The PostgreSQL restorer needs an NpgsqlConnection, not {run.Connection?.GetType().Name}.", nameof(run));
        var reader = new PostgreSqlScriptReader(sql);
        if (run.OpenLoaderAsync is { } open && run.Loaders > 1)
        {
            // A database made for this restore: statements commit one by one, as under psql, and rows load in parallel.
            await using var loaders = new PostgreSqlRowLoaders(open, run.Loaders, run.CommandTimeout);
            return await RunAsync(npgsql, null, reader, loaders, run, cancellationToken);
        }

        await using var transaction = await npgsql.BeginTransactionAsync(cancellationToken);
        var statements = await RunAsync(npgsql, transaction, reader, null, run, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return statements;
    }

    /// <summary>The error for a statement or row the server refused at <paramref name="line"/> of the dump.</summary>
    internal static InvalidDataException Stopped(long line, PostgresException e, bool rolledBack) =>
        new($"The restore stopped at line {line} of the dump{(rolledBack ? " and was rolled back" : string.Empty)}: {e.SqlState}: {e.MessageText}", e);

    // Without a transaction every statement commits on its own (the caller drops the database when this throws); rows then
    // go through the loaders. In one transaction, rows go through COPY on the same connection, FREEZE into the tables it created.
    private static async Task<long> RunAsync(NpgsqlConnection npgsql, NpgsqlTransaction? transaction, PostgreSqlScriptReader reader, PostgreSqlRowLoaders? loaders, RestoreRun run, CancellationToken cancellationToken)
    {
        var fresh = new PostgreSqlFreshTables();
        var statements = 0L;
        try
        {
            while (await reader.ReadStatementAsync(cancellationToken) is { } statement)
            {
                if (PostgreSqlScriptReader.IsCopyFromStdin(statement))
                {
                    if (loaders is not null)
                    {
                        await loaders.LoadAsync(fresh.CopyCommand(statement), reader, cancellationToken);
                    }
                    else
                    {
                        var rows = (NpgsqlCopyTextWriter)await npgsql.BeginTextImportAsync(fresh.CopyCommand(statement), cancellationToken);
                        await CopyAsync(reader, rows, cancellationToken);
                    }
                }
                else
                {
                    if (transaction is not null)
                    {
                        fresh.Observe(statement);
                    }

                    loaders?.Observe(statement);

                    // A batch command is sent as written: no parameter parsing, no splitting.
                    await using var batch = new NpgsqlBatch(npgsql, transaction) { Timeout = (int)Math.Ceiling(run.CommandTimeout.TotalSeconds) };
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                statements++;
            }

            await run.BeforeCommit();
            return statements;
        }
        catch (PostgresException e)
        {
            throw Stopped(reader.Line, e, rolledBack: transaction is not null);
        }
    }

    // Ending a COPY normally loads the rows read so far: on a failure it is cancelled instead, and the reader's error is
    // the one reported (the transaction is rolled back either way).
    private static async Task CopyAsync(PostgreSqlScriptReader reader, NpgsqlCopyTextWriter rows, CancellationToken cancellationToken)
    {
        try
        {
            // The rows go to the COPY's own stream as the dump's bytes, unencoded; nothing was ever written to the text writer.
            await reader.CopyRowsAsync(rows.BaseStream, cancellationToken);
        }
        catch (Exception)
        {
            await CancelCopyAsync(rows);
            throw;
        }

        await rows.DisposeAsync();
    }

    /// <summary>Ends a COPY without loading what it was sent (the server is told to fail it); one already ended is left alone.</summary>
    internal static async Task CancelCopyAsync(NpgsqlCopyTextWriter rows)
    {
        try
        {
            await rows.CancelAsync();
            await rows.DisposeAsync();
        }
        catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException)
        {
            // Already ended.
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
