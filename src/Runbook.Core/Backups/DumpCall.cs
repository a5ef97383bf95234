using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Runbook.Logging;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>What every <see cref="IDatabaseDumper"/> checks before it reads anything, and which exceptions are the dump's failures.</summary>
internal static class DumpCall
{
    /// <summary>
    /// Refuses a connection of another provider or not open, an output that cannot be written and non-positive timeouts;
    /// returns the options to use.
    /// </summary>
    public static DumpOptions Check<TConnection>(DbConnection connection, Stream output, DumpOptions? options, string provider)
        where TConnection : DbConnection
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(output);
        if (connection is not TConnection)
        {
            throw new ArgumentException($"The {provider} dumper needs a {typeof(TConnection).Name}, not {connection.GetType().Name}.", nameof(connection));
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
        return options;
    }

    /// <summary>
    /// Runs <paramref name="dump"/> and logs its figures; a server error, a broken connection, a timeout or output that
    /// cannot be written becomes a <see cref="DumpFailedException"/> naming the step. The transaction is ended either way.
    /// </summary>
    public static async Task<DumpResult> RunAsync(IDumpRun dump, DbConnection connection, Func<bool> connectionLost, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await dump.RunAsync();
            Log.DumpFinished(logger, result.Database, result.Tables.Count, result.TotalRows, result.TotalBytes, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsFailure(e, connectionLost()))
        {
            throw new DumpFailedException(connection.Database, dump.Step, DatabaseText.FirstLine(e.Message), e);
        }
        finally
        {
            await dump.AbandonAsync();
        }
    }

    // Server errors, a broken connection, timeouts and output that cannot be written; not programming errors.
    private static bool IsFailure(Exception e, bool connectionLost) =>
        e is DbException or IOException or TimeoutException
        || (e is InvalidOperationException or ObjectDisposedException && connectionLost);
}
