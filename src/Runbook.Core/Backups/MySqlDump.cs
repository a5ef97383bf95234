using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Runbook.Logging;

namespace Runbook.Backups;

/// <summary>
/// One run of <see cref="MySqlDumper"/>: pins the session, opens the snapshot, takes the tables' metadata locks, reads
/// the definitions with SHOW CREATE and writes the SQL in restore order (sequences and tables, rows, routines, views,
/// triggers, events, as mysqldump does). Not reusable.
/// </summary>
internal sealed partial class MySqlDump : IDumpRun
{
    private const int StatementBytes = 1 << 20; // mysqldump's net_buffer_length: one INSERT grows to about this size
    private const int ProgressEveryBytes = 8 << 20;
    private const int LockBatch = 100;
    private const int ChunkBytes = 16 * 1024;
    private const string RestoreSqlMode = "NO_AUTO_VALUE_ON_ZERO";
    private static readonly SearchValues<byte> Escaped = SearchValues.Create([0, (byte)'\n', (byte)'\r', (byte)'\\', (byte)'\'', (byte)'"', 0x1a]);
    private static readonly byte[] Null = "NULL"u8.ToArray();
    private static readonly byte[] EmptyString = "''"u8.ToArray();
    private static readonly byte[] HexPrefix = "0x"u8.ToArray();
    private static readonly byte[] StatementEnd = ";\n"u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] Apostrophe = "'"u8.ToArray();
    private static readonly string[] Delimiters = [";;", "$$", "//", "##", "%%", "!!"];

    private readonly MySqlConnection _connection;
    private readonly DumpWriter _out;
    private readonly DumpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private readonly bool _mariaDb;
    private List<(string Name, object? Value)>? _savedSession;
    private bool _inTransaction;

    public MySqlDump(MySqlConnection connection, Stream output, DumpOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _connection = connection;
        _out = new DumpWriter(output, cancellationToken);
        _options = options;
        _time = time;
        _logger = logger;
        _cancellationToken = cancellationToken;
        _mariaDb = connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
    }

    private enum ValueKind
    {
        Number,
        Float,
        Hex,
        Text,
    }

    /// <summary>What the dump is doing now, for the message of a failure.</summary>
    public string Step { get; private set; } = "pinning the session";

    public async Task<DumpResult> RunAsync()
    {
        await PinSessionAsync();

        // The snapshot exists once START TRANSACTION WITH CONSISTENT SNAPSHOT returns: before the first catalog query or row.
        Step = "opening the snapshot";
        await ExecuteAsync("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        await ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        _inTransaction = true;
        var startedAt = _time.GetUtcNow();
        var server = (await QueryAsync(
            "SELECT DATABASE(), VERSION(), @@character_set_database, @@collation_database",
            r => (Database: r.GetString(0), Version: r.GetString(1), CharacterSet: r.GetString(2), Collation: r.GetString(3))))[0];

        Step = "reading the catalog";
        var objects = await QueryAsync(
            "SELECT TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
            r => new DbObject(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        var tables = objects.Where(o => o.Type is "BASE TABLE" or "SYSTEM VERSIONED").ToList();
        var sequences = objects.Where(o => o.Type == "SEQUENCE").ToList();
        var views = objects.Where(o => o.Type == "VIEW").ToList();
        var outside = tables.Where(t => t.Engine is not null && !t.Engine.Equals("InnoDB", StringComparison.OrdinalIgnoreCase)).Select(t => $"{Quote(t.Name)} ({t.Engine})").ToList();
        if (outside.Count > 0)
        {
            Log.DumpTablesOutsideSnapshot(_logger, server.Database, string.Join(", ", outside));
        }

        Step = "locking the tables";
        await LockAsync(tables);

        Step = "reading the catalog";
        await WriteHeaderAsync(server.Database, server.Version, server.CharacterSet, server.Collation, startedAt);
        await _out.WriteSectionAsync("Sequences", await ShowCreateAsync(sequences, "SEQUENCE", server.Database));
        await _out.WriteSectionAsync("Tables", await ShowCreateAsync(tables, "TABLE", server.Database));
        var columns = (await QueryAsync(
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
                r => new Column(r.GetString(0), r.GetString(1), KindOf(r.GetString(2)), IsGenerated(r.IsDBNull(3) ? string.Empty : r.GetString(3)), IsUtf8Text(r.GetString(2), r.IsDBNull(4) ? null : r.GetString(4)))))
            .ToLookup(c => c.Table, StringComparer.Ordinal);
        await _out.WriteSectionAsync("Stand-in views, replaced by the real ones after the routines", views.Select(v => StandInView(v.Name, columns[v.Name])));

        var dumped = new List<DumpedTable>();
        foreach (var table in tables)
        {
            Step = $"reading table {Quote(table.Name)}";
            dumped.Add(await WriteRowsAsync(table.Name, columns[table.Name].Where(c => !c.Generated).ToList()));
        }

        Step = "reading the sequences";
        var values = new List<string>();
        foreach (var sequence in sequences)
        {
            var next = await QueryAsync($"SELECT next_not_cached_value FROM {Quote(sequence.Name)}", r => r.GetInt64(0));
            values.Add(string.Create(CultureInfo.InvariantCulture, $"DO SETVAL({Quote(sequence.Name)}, {next[0]}, 0);\n"));
        }

        await _out.WriteSectionAsync("Sequence values", values);

        Step = "reading the catalog";
        await WriteRoutinesAsync();
        await WriteViewsAsync(views);
        await WriteTriggersAsync();
        await WriteEventsAsync();
        var endedAt = _time.GetUtcNow();

        Step = "writing the dump";
        await WriteFooterAsync();
        await _out.CompleteAsync();

        Step = "ending the snapshot";
        await ExecuteAsync("COMMIT");
        _inTransaction = false;
        await RestoreSessionAsync(_cancellationToken);
        return new DumpResult
        {
            ServerVersion = server.Version,
            Database = server.Database,
            SnapshotStartedAt = startedAt,
            SnapshotEndedAt = endedAt,
            Tables = dumped,
            TotalBytes = _out.BytesWritten,
        };
    }

    /// <summary>Ends the transaction of a dump that failed or was cancelled and puts the session back, while the connection still works.</summary>
    public async Task AbandonAsync()
    {
        if (_connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            if (_inTransaction)
            {
                await using var rollback = Command("ROLLBACK");
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                _inTransaction = false;
            }

            await RestoreSessionAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // The dump's own failure is the one reported; the pool resets or discards the connection.
        }
    }

    // The caller's values are read first and put back at the end. sql_mode '' makes SHOW CREATE print backquoted names and
    // every table option (ANSI_QUOTES, NO_TABLE_OPTIONS and the like would not); the net timeouts bound how long the
    // server waits while the output is slow; lock_wait_timeout bounds the wait for the tables' metadata locks.
    private async Task PinSessionAsync()
    {
        var statementTimeout = _mariaDb ? "max_statement_time" : "max_execution_time";
        string[] names = ["sql_mode", "time_zone", "net_read_timeout", "net_write_timeout", "lock_wait_timeout", "sql_quote_show_create", statementTimeout, "character_set_client", "character_set_results", "collation_connection"];
        var saved = await QueryAsync($"SELECT {string.Join(", ", names.Select(n => "@@SESSION." + n))}", r => names.Select((n, i) => (n, r.IsDBNull(i) ? null : r.GetValue(i))).ToList());
        _savedSession = saved[0];
        var net = Math.Max(60, (long)Math.Ceiling(_options.CommandTimeout.TotalSeconds));
        var lockWait = Math.Max(1, (long)Math.Ceiling(_options.LockTimeout.TotalSeconds));
        await ExecuteAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"SET NAMES utf8mb4; SET SESSION sql_mode = '', time_zone = '+00:00', net_read_timeout = {net}, net_write_timeout = {net}, lock_wait_timeout = {lockWait}, sql_quote_show_create = 1, {statementTimeout} = 0"));
    }

    private async Task RestoreSessionAsync(CancellationToken cancellationToken)
    {
        if (_savedSession is null)
        {
            return;
        }

        await using var restore = Command("SET SESSION " + string.Join(", ", _savedSession.Select(s => $"{s.Name} = {s.Value switch
        {
            null => "NULL",
            string text => Literal(text),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        }}")));
        await restore.ExecuteNonQueryAsync(cancellationToken);
        _savedSession = null;
    }

    // Shared metadata locks held to the end of the transaction: writers carry on, but nobody alters or drops a table
    // between the snapshot and its SHOW CREATE and rows (an ALTER waits; a table changed before it would fail the read).
    private async Task LockAsync(List<DbObject> tables)
    {
        foreach (var batch in tables.Chunk(LockBatch))
        {
            await ExecuteAsync(string.Join(" UNION ALL ", batch.Select(t => $"(SELECT 1 FROM {Quote(t.Name)} LIMIT 0)")));
        }
    }

    private Task WriteHeaderAsync(string database, string version, string characterSet, string collation, DateTimeOffset startedAt) => WriteAsync($"""
        --
        -- MySQL / MariaDB database dump written by Runbook
        -- Database: {DumpWriter.Comment(database)}
        -- Server version: {DumpWriter.Comment(version)}
        -- Snapshot taken: {startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}
        --
        -- DEFINER-free: views, routines, triggers and events belong to the user who restores them; SQL SECURITY is kept.
        -- Restore into an empty database: mariadb --comments DATABASE < FILE (or mysql --comments)
        --

        SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT, @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS, @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION;
        /*!40101 SET NAMES utf8mb4 */;
        SET @OLD_TIME_ZONE=@@TIME_ZONE, TIME_ZONE='+00:00';
        SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0;
        SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0;
        SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='{RestoreSqlMode}';
        ALTER DATABASE CHARACTER SET {Name(characterSet)} COLLATE {Name(collation)};


        """);

    private Task WriteFooterAsync() => WriteAsync("""
        SET SQL_MODE=@OLD_SQL_MODE;
        SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS;
        SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS;
        SET TIME_ZONE=@OLD_TIME_ZONE;
        SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT, CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS, COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION;


        """);

    // SHOW CREATE TABLE names a sequence in a default with its database (DEFAULT nextval(`shop`.`ticket_seq`)): the
    // qualifier is removed, so that the dump restores into a database of any name.
    private async Task<List<string>> ShowCreateAsync(List<DbObject> objects, string kind, string database)
    {
        var qualifier = Quote(database) + ".";
        var statements = new List<string>(objects.Count);
        foreach (var o in objects)
        {
            var create = await QueryAsync($"SHOW CREATE {kind} {Quote(o.Name)}", r => r.GetString(1));
            statements.Add(create[0].Replace(qualifier, string.Empty, StringComparison.Ordinal) + ";\n\n");
        }

        return statements;
    }

    // A view with the real one's column names, so that views on views can be created in name order.
    private static string StandInView(string name, IEnumerable<Column> columns)
    {
        var list = string.Join(",\n ", columns.Select(c => $"1 AS {Quote(c.Name)}").DefaultIfEmpty("1 AS `1`"));
        return $"CREATE VIEW {Quote(name)} AS SELECT\n {list};\n\n";
    }

    private async Task<DumpedTable> WriteRowsAsync(string table, List<Column> columns)
    {
        var quoted = Quote(table);
        var insert = Encoding.UTF8.GetBytes($"INSERT INTO {quoted} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ");
        var kinds = columns.Select(c => c.Kind).ToArray();
        var select = $"SELECT {string.Join(", ", columns.Select(SelectExpression))} FROM {quoted}";
        await WriteAsync($"--\n-- Rows of {quoted}\n--\n\n");
        var checksum = new TableChecksum();
        long reported = 0, statementStart = -1;
        var start = _out.BytesWritten;
        await using (var command = Command(select))
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, _cancellationToken))
        {
            var lengths = new int[kinds.Length];
            while (await reader.ReadAsync(_cancellationToken))
            {
                var first = statementStart < 0;
                if (first)
                {
                    statementStart = _out.BytesWritten;
                }

                // Nearly every row fits in the buffer's room (or does once it is flushed) and is written there without an
                // await per value; a larger one goes value by value, in pieces.
                if (!TryWriteRow(reader, kinds, lengths, first ? insert : Comma, checksum))
                {
                    await _out.ReserveAsync(DumpWriter.MaxReserve);
                    if (!TryWriteRow(reader, kinds, lengths, first ? insert : Comma, checksum))
                    {
                        await WriteBytesAsync(first ? insert : Comma);
                        _out.BeginRow(checksum);
                        await WriteByteAsync((byte)'(');
                        for (var i = 0; i < kinds.Length; i++)
                        {
                            if (i > 0)
                            {
                                await WriteByteAsync((byte)',');
                            }

                            await WriteValueAsync(reader, i, kinds[i]);
                        }

                        await WriteByteAsync((byte)')');
                        _out.EndRow();
                    }
                }

                if (_out.BytesWritten - statementStart >= StatementBytes)
                {
                    await WriteBytesAsync(StatementEnd);
                    statementStart = -1;
                }

                if (_out.BytesWritten - start - reported >= ProgressEveryBytes)
                {
                    reported = _out.BytesWritten - start;
                    _options.Progress?.Report(new DumpProgress(quoted, checksum.Rows, reported, false, _out.BytesWritten));
                }
            }
        }

        if (statementStart >= 0)
        {
            await WriteBytesAsync(StatementEnd);
        }

        var bytes = _out.BytesWritten - start;
        await WriteAsync("\n");
        _options.Progress?.Report(new DumpProgress(quoted, checksum.Rows, bytes, true, _out.BytesWritten));
        return new DumpedTable(quoted, checksum.Rows, bytes, checksum.Value);
    }

    // The prefix (the INSERT or the comma before the row), then the row "(v1,v2,...)" as one row of the checksum, straight into
    // the writer's buffer; false, with nothing written, when the row's text may not fit in the room left.
    private bool TryWriteRow(DbDataReader reader, ValueKind[] kinds, int[] lengths, ReadOnlySpan<byte> prefix, TableChecksum checksum)
    {
        long need = prefix.Length + kinds.Length + 1;
        for (var i = 0; i < kinds.Length; i++)
        {
            lengths[i] = reader.IsDBNull(i) ? -1 : (int)Math.Min(ChunkBytes + 1, reader.GetBytes(i, 0, null, 0, 0));
            if (lengths[i] > ChunkBytes)
            {
                return false;
            }

            need += lengths[i] < 0 ? Null.Length : (2L * lengths[i]) + 2;
        }

        var free = _out.Free;
        if (need > free.Length)
        {
            return false;
        }

        prefix.CopyTo(free);
        _out.Advance(prefix.Length);
        _out.BeginRow(checksum);
        free = _out.Free;
        var written = 0;
        free[written++] = (byte)'(';
        for (var i = 0; i < kinds.Length; i++)
        {
            if (i > 0)
            {
                free[written++] = (byte)',';
            }

            written += WriteValue(reader, i, kinds[i], lengths[i], free[written..]);
        }

        free[written++] = (byte)')';
        _out.Advance(written);
        _out.EndRow();
        return true;
    }

    private int WriteValue(DbDataReader reader, int ordinal, ValueKind kind, int length, Span<byte> target)
    {
        if (length < 0)
        {
            Null.CopyTo(target);
            return Null.Length;
        }

        if (length == 0)
        {
            EmptyString.CopyTo(target); // 0x alone is not a literal; '' is the empty string in every kind
            return EmptyString.Length;
        }

        reader.GetBytes(ordinal, 0, _chunk, 0, length);
        var (opening, closing) = Bounds(kind);
        opening.CopyTo(target);
        var written = opening.Length + Encode(kind, _chunk.AsSpan(0, length), target[opening.Length..]);
        closing.CopyTo(target[written..]);
        return written + closing.Length;
    }

    // What a value of the kind is written between ("0x" before hex, quotes around text), and how its bytes are written.
    private static (byte[] Opening, byte[] Closing) Bounds(ValueKind kind) => kind switch
    {
        ValueKind.Hex => (HexPrefix, []),
        ValueKind.Text => (Apostrophe, Apostrophe),
        _ => ([], []),
    };

    private static int Encode(ValueKind kind, ReadOnlySpan<byte> source, Span<byte> target) => kind switch
    {
        ValueKind.Hex => WriteHex(source, target),
        ValueKind.Text => WriteEscaped(source, target),
        _ => Copy(source, target),
    };

    // Every value arrives as the bytes of its text (numbers, dates, strings converted to utf8mb4) or of its binary
    // content: nothing is parsed into a .NET type, so DECIMAL(65,30), zero dates and the connection's Guid or boolean
    // mappings cannot change a value. FLOAT goes through DOUBLE, whose text is exact; FLOAT's own text has 6 digits.
    private static string SelectExpression(Column column) => column.Kind switch
    {
        ValueKind.Float => $"CAST(CAST({Quote(column.Name)} AS DOUBLE) AS BINARY)",
        ValueKind.Text when !column.Utf8 => $"CAST(CONVERT({Quote(column.Name)} USING utf8mb4) AS BINARY)",
        _ => $"CAST({Quote(column.Name)} AS BINARY)",
    };

    private async ValueTask WriteValueAsync(DbDataReader reader, int ordinal, ValueKind kind)
    {
        if (reader.IsDBNull(ordinal))
        {
            await WriteBytesAsync(Null);
            return;
        }

        var length = reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length == 0)
        {
            await WriteBytesAsync(EmptyString); // 0x alone is not a literal; '' is the empty string in every kind
            return;
        }

        var (opening, closing) = Bounds(kind);
        await WriteBytesAsync(opening);
        for (long offset = 0; offset < length;)
        {
            var read = (int)reader.GetBytes(ordinal, offset, _chunk, 0, _chunk.Length);
            offset += read;
            var target = await _out.ReserveAsync(2 * read);
            _out.Advance(Encode(kind, _chunk.AsSpan(0, read), target.Span));
        }

        await WriteBytesAsync(closing);
    }

    // The escapes of mysql_real_escape_string, valid while NO_BACKSLASH_ESCAPES is off (the dump's SQL_MODE). UTF-8
    // multi-byte sequences never contain these ASCII bytes, so escaping byte by byte is safe.
    private static int WriteEscaped(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var written = 0;
        while (!source.IsEmpty)
        {
            var next = source.IndexOfAny(Escaped);
            if (next < 0)
            {
                source.CopyTo(target[written..]);
                return written + source.Length;
            }

            source[..next].CopyTo(target[written..]);
            written += next;
            target[written++] = (byte)'\\';
            target[written++] = source[next] switch
            {
                0 => (byte)'0',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0x1a => (byte)'Z',
                var b => b,
            };
            source = source[(next + 1)..];
        }

        return written;
    }

    private static int WriteHex(ReadOnlySpan<byte> source, Span<byte> target)
    {
        const string Digits = "0123456789ABCDEF";
        for (var i = 0; i < source.Length; i++)
        {
            target[2 * i] = (byte)Digits[source[i] >> 4];
            target[(2 * i) + 1] = (byte)Digits[source[i] & 0xF];
        }

        return 2 * source.Length;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> target)
    {
        source.CopyTo(target);
        return source.Length;
    }

    // Functions before procedures, by name; their bodies are not resolved until they run, so their order does not matter.
    private async Task WriteRoutinesAsync()
    {
        var routines = await QueryAsync(
            "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE') ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
            r => (Type: r.GetString(0), Name: r.GetString(1)));
        var statements = new List<string>();
        foreach (var (type, name) in routines)
        {
            var row = (await QueryAsync($"SHOW CREATE {type} {Quote(name)}", r => (SqlMode: r.GetString(1), Create: Text(r, 2), Client: r.GetString(3), Collation: r.GetString(4))))[0];
            statements.Add(Compound(Definition(row.Create, $"{type.ToLowerInvariant()} {Quote(name)}"), row.SqlMode, null, row.Client, row.Collation));
        }

        await _out.WriteSectionAsync("Functions and procedures", statements);
    }

    private async Task WriteViewsAsync(List<DbObject> views)
    {
        var statements = new List<string>();
        foreach (var view in views)
        {
            var row = (await QueryAsync($"SHOW CREATE VIEW {Quote(view.Name)}", r => (Create: r.GetString(1), Client: r.GetString(2), Collation: r.GetString(3))))[0];
            var create = "CREATE OR REPLACE " + Definition(row.Create, $"view {Quote(view.Name)}")["CREATE ".Length..];
            statements.Add($"{SetNames(row.Client, row.Collation)}{create};\nSET NAMES utf8mb4;\n\n");
        }

        await _out.WriteSectionAsync("Views", statements);
    }

    // In the order each table's triggers fire (SHOW CREATE TRIGGER leaves out FOLLOWS / PRECEDES; creation order restores it).
    private async Task WriteTriggersAsync()
    {
        var names = await QueryAsync(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
            r => r.GetString(0));
        var statements = new List<string>();
        foreach (var name in names)
        {
            var row = (await QueryAsync($"SHOW CREATE TRIGGER {Quote(name)}", r => (SqlMode: r.GetString(1), Create: Text(r, 2), Client: r.GetString(3), Collation: r.GetString(4))))[0];
            statements.Add(Compound(Definition(row.Create, $"trigger {Quote(name)}"), row.SqlMode, null, row.Client, row.Collation));
        }

        await _out.WriteSectionAsync("Triggers", statements);
    }

    // Created as they were, ENABLE / DISABLE included, whether or not the event scheduler runs where the dump is restored.
    private async Task WriteEventsAsync()
    {
        var names = await QueryAsync("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME", r => r.GetString(0));
        var statements = new List<string>();
        foreach (var name in names)
        {
            var row = (await QueryAsync(
                $"SHOW CREATE EVENT {Quote(name)}",
                r => (SqlMode: r.GetString(1), TimeZone: r.GetString(2), Create: Text(r, 3), Client: r.GetString(4), Collation: r.GetString(5))))[0];
            statements.Add(Compound(Definition(row.Create, $"event {Quote(name)}"), row.SqlMode, row.TimeZone, row.Client, row.Collation));
        }

        await _out.WriteSectionAsync("Events", statements);
    }

    // A routine, trigger or event between DELIMITER lines (as mysqldump writes them), under the sql_mode, time zone and
    // character set it was created with; the dump's own settings are put back after it.
    private static string Compound(string create, string sqlMode, string? timeZone, string client, string collation)
    {
        var delimiter = Delimiters.FirstOrDefault(d => !create.Contains(d, StringComparison.Ordinal))
            ?? throw new InvalidDataException("a definition contains every DELIMITER the dump could use");
        var zone = timeZone is null ? string.Empty : $"SET time_zone = {Literal(timeZone)};\n";
        var zoneBack = timeZone is null ? string.Empty : "SET time_zone = '+00:00';\n";
        return $"""
            {SetNames(client, collation)}SET sql_mode = {Literal(sqlMode)};
            {zone}DELIMITER {delimiter}
            {create} {delimiter}
            DELIMITER ;
            SET sql_mode = '{RestoreSqlMode}';
            {zoneBack}SET NAMES utf8mb4;


            """;
    }

    private static string SetNames(string client, string collation) =>
        $"SET character_set_client = {Literal(client)}, character_set_results = {Literal(client)}, collation_connection = {Literal(collation)};\n";

    // SHOW CREATE output without its DEFINER clause; the definition is null when the user may not read it.
    private static string Definition(string? create, string what)
    {
        if (create is null)
        {
            throw new InvalidDataException($"the definition of {what} cannot be read: the dumping user needs the privileges to see it (SHOW_ROUTINE, or SELECT on mysql.proc, TRIGGER, EVENT)");
        }

        return DefinerClause().Replace(create, "$1", 1);
    }

    [GeneratedRegex("""^(CREATE (?:ALGORITHM=\w+ )?)DEFINER=(?:`(?:``|[^`])*`|'(?:''|[^'])*'|[^\s@]+)(?:@(?:`(?:``|[^`])*`|'(?:''|[^'])*'|\S+))? """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinerClause();

    private static ValueKind KindOf(string dataType) => dataType.ToLowerInvariant() switch
    {
        "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "decimal" or "numeric" or "double" or "real" or "year" => ValueKind.Number,
        "float" => ValueKind.Float,
        "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" or "bit" or "vector"
            or "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon" or "geometrycollection" or "geomcollection" => ValueKind.Hex,
        _ => ValueKind.Text,
    };

    // Values whose bytes are UTF-8 text already: a column stored in a UTF-8 character set (ascii is a subset), or a date or
    // time, which casts to its digits. CONVERT(... USING utf8mb4) would cost the server a third more time per row for
    // nothing; it stays for every other text (latin1 and the like) and for types without a character set (MariaDB's UUID
    // and INET6 cast to their binary form, not their text).
    private static bool IsUtf8Text(string dataType, string? characterSet) =>
        characterSet?.ToLowerInvariant() is "utf8mb4" or "utf8mb3" or "utf8" or "ascii"
        || (characterSet is null && dataType.ToLowerInvariant() is "date" or "datetime" or "timestamp" or "time");

    // VIRTUAL / STORED (PERSISTENT) generated columns and MariaDB's ROW START / ROW END are computed by the server;
    // MySQL's DEFAULT_GENERATED (an expression default) is an ordinary column.
    private static bool IsGenerated(string extra) =>
        extra.Contains(" GENERATED", StringComparison.OrdinalIgnoreCase) || extra.StartsWith("ROW ", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    // A string literal under the dump's SQL_MODE (backslash escapes on).
    private static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string Name(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? value : throw new InvalidDataException($"unexpected character set or collation name '{value}'");

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private Task WriteAsync(string text) => _out.WriteAsync(text).AsTask();

    private async ValueTask WriteBytesAsync(byte[] bytes)
    {
        var target = await _out.ReserveAsync(bytes.Length);
        bytes.CopyTo(target);
        _out.Advance(bytes.Length);
    }

    private async ValueTask WriteByteAsync(byte value)
    {
        var target = await _out.ReserveAsync(1);
        target.Span[0] = value;
        _out.Advance(1);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(_cancellationToken);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map)
    {
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(_cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(_cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private MySqlCommand Command(string sql) =>
        new(sql, _connection) { CommandTimeout = (int)Math.Min(int.MaxValue, Math.Ceiling(_options.CommandTimeout.TotalSeconds)) };

    private sealed record DbObject(string Name, string Type, string? Engine);

    private sealed record Column(string Table, string Name, ValueKind Kind, bool Generated, bool Utf8);
}
