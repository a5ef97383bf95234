using System.Data.Common;

namespace Runbook.Backups;

/// <summary>
/// Writes a logical dump (schema and data as plain SQL) of the database an open connection points at, read inside one
/// consistent snapshot. One implementation per provider, registered keyed by <see cref="Targets.DatabaseProvider"/>.
/// </summary>
public interface IDatabaseDumper
{
    /// <summary>
    /// Dumps the connection's database into <paramref name="output"/> (UTF-8, left open, flushed at the end). Throws
    /// <see cref="DumpFailedException"/> when the server or the output fails part-way: what was written by then is
    /// incomplete and lacks the closing <c>-- Runbook dump complete</c> line.
    /// </summary>
    /// <param name="connection">An open connection used by the dump alone until it returns.</param>
    /// <param name="output">Where the SQL goes; written forward only, never read or sought.</param>
    /// <param name="options">Timeouts and progress; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the dump.</param>
    Task<DumpResult> DumpAsync(DbConnection connection, Stream output, DumpOptions? options = null, CancellationToken cancellationToken = default);
}
