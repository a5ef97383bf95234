using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Restores a plain-SQL dump into PostgreSQL in one transaction (like <c>psql --single-transaction -v ON_ERROR_STOP=1</c>):
/// statements sent as they are read, rows through <c>COPY FROM STDIN</c> as they stream (<c>FREEZE</c> into the tables the
/// restore itself created). Any error, or a checksum that
/// does not match at the end, rolls everything back: the database is either restored or as it was.
/// </summary>
public sealed partial class PostgreSqlRestorer : IDumpRestorer
{
    /// <inheritdoc />
    public bool RollsBack => true;

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
    public async Task<long> RestoreAsync(DbConnection connection, Stream sql, Func<Task> beforeCommit, TimeSpan commandTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(beforeCommit);
        var npgsql = connection as NpgsqlConnection ?? throw new ArgumentException($"The PostgreSQL restorer needs an NpgsqlConnection, not {connection?.GetType().Name}.", nameof(connection));
        var reader = new PostgreSqlScriptReader(sql);
        var fresh = new PostgreSqlFreshTables();
        var statements = 0L;
        await using var transaction = await npgsql.BeginTransactionAsync(cancellationToken);
        try
        {
            while (await reader.ReadStatementAsync(cancellationToken) is { } statement)
            {
                if (PostgreSqlScriptReader.IsCopyFromStdin(statement))
                {
                    var rows = (NpgsqlCopyTextWriter)await npgsql.BeginTextImportAsync(fresh.CopyCommand(statement), cancellationToken);
                    await CopyAsync(reader, rows, cancellationToken);
                }
                else
                {
                    fresh.Observe(statement);

                    // A batch command is sent as written: no parameter parsing, no splitting.
                    await using var batch = new NpgsqlBatch(npgsql, transaction) { Timeout = (int)Math.Ceiling(commandTimeout.TotalSeconds) };
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                statements++;
            }

            await beforeCommit();
            await transaction.CommitAsync(cancellationToken);
            return statements;
        }
        catch (PostgresException e)
        {
            throw new InvalidDataException($"The restore stopped at line {reader.Line} of the dump and was rolled back: {e.SqlState}: {e.MessageText}", e);
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
            try
            {
                await rows.CancelAsync();
                await rows.DisposeAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException)
            {
                // Already ended.
            }

            throw;
        }

        await rows.DisposeAsync();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
