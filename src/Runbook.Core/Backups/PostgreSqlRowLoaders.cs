using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Npgsql;

namespace Runbook.Backups;

/// <summary>
/// Loads the rows of each COPY block over several connections at once, as <c>pg_restore --jobs</c> does, but from one
/// plain stream: the block is cut into chunks of whole rows (<see cref="RowChunkStream"/>), every connection keeps a COPY
/// of the block open and takes the next chunk as soon as it is ready, and each commits its share when the block ends.
/// Parsing and inserting rows is most of a restore's time, and the server now does it on every connection in parallel.
/// Each connection first runs the session settings the dump made on the main one: DateStyle and the like decide how
/// COPY reads values.
/// </summary>
internal sealed partial class PostgreSqlRowLoaders(Func<CancellationToken, Task<DbConnection>> open, int count, TimeSpan commandTimeout) : IAsyncDisposable
{
    private readonly List<string> _settings = [];
    private readonly List<Loader> _loaders = [];

    /// <summary>Keeps <paramref name="statement"/> if it changes the session (<c>SET x = ...</c>, <c>set_config(..., false)</c>), for every loader.</summary>
    public void Observe(string statement)
    {
        if (IsSessionSetting(statement))
        {
            _settings.Add(statement);
        }
    }

    /// <summary>True for a statement that changes a setting for the rest of the session.</summary>
    public static bool IsSessionSetting(string statement) => SessionSetting().IsMatch(PostgreSqlScriptReader.StripLeadingComments(statement));

    /// <summary>
    /// Loads the rows that follow a <c>COPY ... FROM stdin;</c> (started with <paramref name="command"/>) up to its
    /// <c>\.</c>. When a row is refused, the error names its line in the dump; every loader's share of the block is
    /// then cancelled, as it is when the dump ends inside the block.
    /// </summary>
    public async Task LoadAsync(string command, PostgreSqlScriptReader reader, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        var chunks = Channel.CreateBounded<RowChunk>(new BoundedChannelOptions(count) { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copyLine = reader.Line;
        var loads = _loaders.Select(loader => Task.Run(() => loader.LoadAsync(command, copyLine, chunks.Reader, stop), CancellationToken.None)).ToArray();
        Exception? readFailure = null;
        await using (var rows = new RowChunkStream(chunks.Writer, copyLine + 1))
        {
            try
            {
                await reader.CopyRowsAsync(rows, stop.Token);
                await rows.FinishAsync(stop.Token);
                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                readFailure = e;
                chunks.Writer.TryComplete();
                await stop.CancelAsync();
            }
        }

        try
        {
            await Task.WhenAll(loads);
        }
        catch (Exception)
        {
            // Each load's own failure is looked at below: a refused row outranks the cancellation it caused elsewhere.
        }

        while (chunks.Reader.TryRead(out var unread))
        {
            unread.Return();
        }

        if (loads.Select(l => l.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } loadFailure)
        {
            ExceptionDispatchInfo.Throw(loadFailure);
        }

        if (readFailure is not null)
        {
            ExceptionDispatchInfo.Throw(readFailure);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var loader in _loaders)
        {
            await loader.Connection.DisposeAsync();
        }

        _loaders.Clear();
    }

    // Connections are opened at the first block, and every setting seen since a connection last loaded is run on it.
    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        while (_loaders.Count < count)
        {
            _loaders.Add(new Loader(await open(cancellationToken) as NpgsqlConnection ?? throw new InvalidOperationException("A PostgreSQL loader needs an NpgsqlConnection.")));
        }

        foreach (var loader in _loaders)
        {
            for (; loader.SettingsRun < _settings.Count; loader.SettingsRun++)
            {
                await using var batch = new NpgsqlBatch(loader.Connection) { Timeout = (int)Math.Ceiling(commandTimeout.TotalSeconds) };
                batch.BatchCommands.Add(new NpgsqlBatchCommand(_settings[loader.SettingsRun]));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"^(?:SET\s+(?!LOCAL\s|TRANSACTION\s|CONSTRAINTS\s|SESSION\s+CHARACTERISTICS\s)|SELECT\s+pg_catalog\.set_config\s*\(.*,\s*false\s*\)\s*;?\s*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SessionSetting();

    [GeneratedRegex(@"\bline (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex CopyLine();

    // One connection: its COPY of the current block, and where each chunk it took was in the dump (to name a refused row's line).
    private sealed class Loader(NpgsqlConnection connection)
    {
        private readonly List<(long Before, long FirstLine)> _taken = [];

        public NpgsqlConnection Connection { get; } = connection;

        public int SettingsRun { get; set; }

        public async Task LoadAsync(string command, long copyLine, ChannelReader<RowChunk> chunks, CancellationTokenSource stop)
        {
            NpgsqlCopyTextWriter? copy = null;
            var lines = 0L;
            _taken.Clear();
            try
            {
                await foreach (var chunk in chunks.ReadAllAsync(stop.Token))
                {
                    try
                    {
                        copy ??= (NpgsqlCopyTextWriter)await Connection.BeginTextImportAsync(command, stop.Token);
                        _taken.Add((lines, chunk.FirstLine));
                        lines += chunk.Lines;

                        // The dump's bytes go to the COPY's own stream unencoded, as on the single-connection path.
                        await copy.BaseStream.WriteAsync(chunk.Rows, stop.Token);
                    }
                    finally
                    {
                        chunk.Return();
                    }
                }

                if (copy is not null)
                {
                    // Ending the COPY commits this connection's share of the block.
                    var ending = copy;
                    copy = null;
                    await ending.DisposeAsync();
                }
            }
            catch (Exception e)
            {
                await stop.CancelAsync();
                if (copy is not null)
                {
                    await PostgreSqlRestorer.CancelCopyAsync(copy);
                }

                if (e is PostgresException refused)
                {
                    throw PostgreSqlRestorer.Stopped(DumpLine(refused) ?? copyLine, refused, rolledBack: false);
                }

                throw;
            }
        }

        // The server numbers the lines of this connection's COPY; the chunks it took say where they were in the dump. Null
        // when the server names no row (the COPY itself was refused).
        private long? DumpLine(PostgresException refused)
        {
            var match = CopyLine().Match(refused.Where ?? string.Empty);
            if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, out var line))
            {
                return null;
            }

            var place = _taken.LastOrDefault(t => t.Before < line);
            return place == default ? null : place.FirstLine + (line - place.Before - 1);
        }
    }
}
