// MySQL / MariaDB logical dump, written by Runbook itself through MySqlConnector because the Functions sandbox has no
// mysqldump. It follows `mysqldump --single-transaction --hex-blob --routines --triggers --events --skip-add-drop-table`:
// a pinned session, one START TRANSACTION WITH CONSISTENT SNAPSHOT before anything is read (never FLUSH TABLES WITH READ
// LOCK or LOCK INSTANCE FOR BACKUP, which managed servers forbid), SHOW CREATE for every object, rows streamed as
// multi-row INSERTs. DEFINER-free: views, routines, triggers and events belong to the user who restores them.
using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Runbook.Backups;

/// <summary>
/// Dumps a MySQL 8 or MariaDB 10.6+ database as plain SQL that <c>mariadb DB &lt; FILE</c> (or <c>mysql</c>) restores into
/// an empty database: sequences (MariaDB) with their values, tables with their keys, foreign keys, checks, comments,
/// generated and invisible columns and <c>AUTO_INCREMENT</c> values, the rows as multi-row <c>INSERT</c>s, stored functions
/// and procedures, views (stand-ins first, as mysqldump does), triggers and events, each recreated under its original
/// <c>sql_mode</c>, character set and collation. InnoDB rows are read inside one consistent snapshot on the given connection.
/// </summary>
/// <remarks>
/// DEFINER-free: the <c>DEFINER=</c> clause is removed from views, routines, triggers and events, so they belong to the
/// user who restores them; their <c>SQL SECURITY</c> is kept. Tables are created in name order with
/// <c>FOREIGN_KEY_CHECKS=0</c>, their foreign keys inline (mysqldump's way). Left out (see
/// docs/runbooks/backup-and-restore.md): users and grants, the history of system-versioned tables, and consistency for
/// tables of non-transactional engines (MyISAM, Aria), whose rows are read as they are when their turn comes.
/// The session's settings are changed for the dump and put back afterwards.
/// </remarks>
public sealed class MySqlDumper(TimeProvider time, ILogger<MySqlDumper> logger) : IDatabaseDumper
{
    /// <inheritdoc />
    public async Task<DumpResult> DumpAsync(DbConnection connection, Stream output, DumpOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = DumpCall.Check<MySqlConnection>(connection, output, options, "MySQL");
        if (string.IsNullOrEmpty(connection.Database))
        {
            throw new ArgumentException("The connection must have a database (Database= in its connection string).", nameof(connection));
        }

        var mySql = (MySqlConnection)connection;
        var dump = new MySqlDump(mySql, output, options, time, logger, cancellationToken);
        return await DumpCall.RunAsync(dump, connection, () => mySql.State != ConnectionState.Open, time, logger, cancellationToken);
    }
}
