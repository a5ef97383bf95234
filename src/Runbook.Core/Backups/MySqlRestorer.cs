using System.Data.Common;
using System.Text;
using MySqlConnector;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Restores a plain-SQL dump into MySQL or MariaDB as <c>mariadb --comments DATABASE &lt; FILE</c> does: statements split by
/// <see cref="MySqlScriptReader"/> (<c>DELIMITER</c> lines included) and sent one by one as they are read. MySQL cannot roll
/// back DDL, so nothing is one transaction: a failure, or a check after the last statement that fails, leaves what ran
/// before it in the database, and the message says so.
/// </summary>
public sealed class MySqlRestorer : IDumpRestorer
{
    /// <inheritdoc />
    public bool RollsBack => false;

    /// <inheritdoc />
    public bool LoadsInParallel => false;

    /// <inheritdoc />
    public async Task<bool> CreateDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (await connection.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name", timeout, cancellationToken, ("name", database)) > 0)
        {
            return false;
        }

        // The dump's header sets the source's character set and collation on the database afterwards.
        await using var create = connection.CreateCommand($"CREATE DATABASE {Quote(database)} CHARACTER SET utf8mb4", timeout);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task DropDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var drop = connection.CreateCommand($"DROP DATABASE IF EXISTS {Quote(database)}", timeout);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountObjectsAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        connection.ScalarAsync<long>(
            """
            SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE())
                 + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE())
                 + (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE())
                 + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE())
            """,
            timeout,
            cancellationToken);

    /// <inheritdoc />
    public async Task<long> RestoreAsync(RestoreRun run, Stream sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sql);
        var commandTimeout = run.CommandTimeout;
        var mySql = run.Connection as MySqlConnection ?? throw new ArgumentException($"The MySQL restorer needs a MySqlConnection, not {run.Connection?.GetType().Name}.", nameof(run));

        // A dump keeps the session's settings in user variables (@OLD_SQL_MODE=@@SQL_MODE), and mysqldump writes
        // DEFINER=`u`@`host`: MySqlConnector takes those for parameters unless AllowUserVariables is on, so the restore runs on
        // a connection of its own, to the same database, with it on. Not pooled: its session (settings, LOCK TABLES of a
        // mysqldump file that failed midway) ends with it, so dropping a half-restored database does not wait on it.
        var settings = new MySqlConnectionStringBuilder(mySql.ConnectionString) { AllowUserVariables = true, Database = mySql.Database, Pooling = false };
        await using var restore = mySql.CloneWith(settings.ConnectionString);
        await restore.OpenAsync(cancellationToken);
        var maxPacket = await restore.ScalarAsync<long>("SELECT @@max_allowed_packet", commandTimeout, cancellationToken);
        using var text = new StreamReader(sql, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var reader = new MySqlScriptReader(text, (int)Math.Clamp(maxPacket, 1, 1 << 30));
        var timeout = (int)Math.Min(int.MaxValue, Math.Ceiling(commandTimeout.TotalSeconds));
        var statements = 0L;
        try
        {
            while (await reader.ReadStatementAsync(cancellationToken) is { } statement)
            {
                await using (var command = new MySqlCommand(statement, restore) { CommandTimeout = timeout })
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                statements++;
                if (SetsSqlMode(statement))
                {
                    // The client reads backslashes as the server will: under NO_BACKSLASH_ESCAPES they escape nothing.
                    var mode = await restore.ScalarAsync<string>("SELECT @@SESSION.sql_mode", commandTimeout, cancellationToken) ?? string.Empty;
                    reader.NoBackslashEscapes = mode.Contains("NO_BACKSLASH_ESCAPES", StringComparison.OrdinalIgnoreCase);
                }
            }
        }
        catch (MySqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidDataException(
                $"The restore stopped at statement {statements + 1:N0} (line {reader.Line} of the dump): error {e.Number} ({e.SqlState}): {e.Message}. {PartlyRestored(statements)}",
                e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message} {PartlyRestored(statements)}", e);
        }

        try
        {
            await run.BeforeCommit();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message} {PartlyRestored(statements)}", e);
        }

        return statements;
    }

    private static string PartlyRestored(long statements) =>
        $"MySQL cannot roll back DDL: the {statements:N0} statement(s) that ran stay, and the database is partly restored.";

    private static bool SetsSqlMode(string statement) =>
        statement.StartsWith("SET", StringComparison.OrdinalIgnoreCase) && statement.Contains("sql_mode", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
