using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>The outbox on MySQL 8 and MariaDB 10.6+: DDL commits at once, so every statement is safe to repeat; GET_LOCK for migrations.</summary>
public sealed class MySqlOutboxDialect : IOutboxDialect
{
    /// <inheritdoc />
    public bool TransactionalDdl => false;

    /// <inheritdoc />
    public string IndexHint(OutboxTable table, string index)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $" FORCE INDEX (`{table.IndexPrefix}_{index}`)";
    }

    /// <inheritdoc />
    public string ReturningId => "; SELECT LAST_INSERT_ID()";

    /// <inheritdoc />
    public string CreateMigrationsTableSql(OutboxTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"""
            CREATE TABLE IF NOT EXISTS {table.QuotedMigrations} (
                component VARCHAR(190) NOT NULL,
                version INT NOT NULL,
                description VARCHAR(500) NOT NULL,
                applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                PRIMARY KEY (component, version)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """;
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMigration> Migrations(OutboxTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var p = table.IndexPrefix;

        // Times default to UTC whatever the inserting session's time zone (DATETIME keeps no zone). MySQL 8 has no
        // CREATE INDEX IF NOT EXISTS, so the indexes are part of the one CREATE TABLE.
        return
        [
            new OutboxMigration(1, "create the outbox table", [
                $"""
                CREATE TABLE IF NOT EXISTS {table.Quoted} (
                    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                    message_id VARCHAR(255) NOT NULL DEFAULT (UUID()),
                    to_addresses TEXT NOT NULL,
                    cc_addresses TEXT NULL,
                    bcc_addresses TEXT NULL,
                    from_address VARCHAR(998) NULL,
                    reply_to TEXT NULL,
                    subject VARCHAR(998) NOT NULL,
                    text_body MEDIUMTEXT NULL,
                    html_body MEDIUMTEXT NULL,
                    headers TEXT NULL,
                    status VARCHAR(16) NOT NULL DEFAULT 'pending',
                    attempts INT NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
                    processing_started_at DATETIME(6) NULL,
                    claim_token CHAR(36) NULL,
                    last_error TEXT NULL,
                    created_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
                    processed_at DATETIME(6) NULL,
                    UNIQUE KEY `{p}_message_id` (message_id),
                    KEY `{p}_claim` (status, next_attempt_at),
                    KEY `{p}_processed` (status, processed_at),
                    CONSTRAINT `{p}_status` CHECK (status IN ('pending', 'processing', 'processed', 'failed'))
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
                """,
            ]),
        ];
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, OutboxTable table, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        const string Name = "LEFT(CONCAT('runbook-migrate:', DATABASE(), ':', @component), 64)";
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var got = await connection.ScalarAsync<long?>($"SELECT GET_LOCK({Name}, @seconds)", timeout + TimeSpan.FromSeconds(5), cancellationToken, ("component", table.Component), ("seconds", seconds));
        if (got != 1)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Another migration of {table.Name} held its lock for longer than {seconds} s."));
        }

        return new Release(connection, $"SELECT RELEASE_LOCK({Name})", table.Component, timeout);
    }

    /// <inheritdoc />
    public bool IsClaimConflict(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout };

    private sealed class Release(DbConnection connection, string sql, string component, TimeSpan timeout) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ScalarAsync<long?>(sql, timeout, CancellationToken.None, ("component", component));
            }
        }
    }
}
