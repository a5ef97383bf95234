using System.Data.Common;
using Microsoft.Extensions.Options;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// <c>runbook db migrate</c>: creates or upgrades each target's outbox table to the newest version. Versions applied are
/// recorded in <c>runbook_migrations</c> beside the table; a lock per table makes two runs at once go one after the
/// other, and every statement is safe to repeat, so running it twice, or again after a crash, changes nothing more.
/// </summary>
public class OutboxMigrator
{
    private readonly RunbookOptions _targets = new();
    private readonly OutboxOptions _options = new();
    private readonly TargetSessionFactory _sessions = null!;

    /// <summary>For mocking.</summary>
    protected OutboxMigrator()
    {
    }

    /// <summary>Creates the migrator (normally by dependency injection).</summary>
    public OutboxMigrator(IOptions<RunbookOptions> targets, IOptions<OutboxOptions> options, TargetSessionFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        _targets = targets.Value;
        _options = options.Value;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
    }

    /// <summary>Migrates <paramref name="target"/>, or every target whose outbox is enabled.</summary>
    public virtual async Task<IReadOnlyList<OutboxMigrationResult>> MigrateAsync(string? target, CancellationToken cancellationToken = default)
    {
        var results = new List<OutboxMigrationResult>();
        foreach (var (options, outbox) in OutboxTargets.Select(_targets, target, "migrate"))
        {
            results.Add(await MigrateAsync(options, outbox, cancellationToken));
        }

        return results;
    }

    private async Task<OutboxMigrationResult> MigrateAsync(TargetOptions target, OutboxTableOptions outbox, CancellationToken cancellationToken)
    {
        // DDL waits for the application's locks on the table, and a concurrent migration for its lock: a command's time each.
        var sessionOptions = new TargetSessionOptions(_options.ConnectTimeout, _options.CommandTimeout, $"{OutboxOptions.SectionName}:ConnectTimeout");
        await using var session = await _sessions.OpenAsync(target, sessionOptions, cancellationToken);
        var dialect = session.GetRequiredService<IOutboxDialect>();
        var table = OutboxTable.For(session.Dialect, outbox);
        var connection = session.Connection;

        await using (await dialect.LockMigrationsAsync(connection, table, _options.CommandTimeout, cancellationToken))
        {
            await ExecuteAsync(connection, null, dialect.CreateMigrationsTableSql(table), [], cancellationToken);
            var from = await connection.ScalarAsync<int?>(
                $"SELECT MAX(version) FROM {table.QuotedMigrations} WHERE component = @component", _options.CommandTimeout, cancellationToken, ("component", table.Component)) ?? 0;
            if (from == 0)
            {
                await CheckColumnsAsync(session, table, missingTableIsFine: true, cancellationToken);
            }

            var applied = new List<string>();
            foreach (var migration in dialect.Migrations(table).Where(m => m.Version > from).OrderBy(m => m.Version))
            {
                await using var transaction = dialect.TransactionalDdl ? await connection.BeginTransactionAsync(cancellationToken) : null;
                foreach (var statement in migration.Statements)
                {
                    await ExecuteAsync(connection, transaction, statement, [], cancellationToken);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    $"INSERT INTO {table.QuotedMigrations} (component, version, description) VALUES (@component, @version, @description)",
                    [("component", table.Component), ("version", migration.Version), ("description", migration.Description)],
                    cancellationToken);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                applied.Add($"{migration.Version}: {migration.Description}");
            }

            await CheckColumnsAsync(session, table, missingTableIsFine: false, cancellationToken);
            return new OutboxMigrationResult(target.Name, table.Name, from, Math.Max(from, dialect.Migrations(table).Max(m => m.Version)), applied);
        }
    }

    // CREATE TABLE IF NOT EXISTS keeps a table of the same name that was there before: it must be Runbook's.
    private async Task CheckColumnsAsync(TargetSession session, OutboxTable table, bool missingTableIsFine, CancellationToken cancellationToken)
    {
        var columns = await session.Dialect.ReadColumnsAsync(session.Connection, SqlIdentifier.Parse(table.Name), _options.CommandTimeout, cancellationToken);
        var missing = OutboxTable.Columns.Where(c => columns?.Columns.ContainsKey(c) != true).ToList();
        if (missing.Count > 0 && !(columns is null && missingTableIsFine))
        {
            throw new TableConfigurationException(
                $"Table {table.Name} in target {session.Target.Name} is not Runbook's outbox: it lacks {string.Join(", ", missing)}. Name another table in {_targets.KeyOf(session.Target)}:Outbox:Table.");
        }
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, _options.CommandTimeout, parameters);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
