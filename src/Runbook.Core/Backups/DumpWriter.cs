using System.Text;

namespace Runbook.Backups;

/// <summary>
/// The output of one dump: UTF-8 text and raw bytes through one 64 KiB buffer to a forward-only stream (left open),
/// counting what was written; the section headings and the completeness marker every provider's dump shares. Rows are
/// hashed into their table's <see cref="TableChecksum"/> from the bytes in the buffer, so checksums cost no second pass.
/// </summary>
internal sealed class DumpWriter
{
    /// <summary>The line every finished dump ends with, and a failed one never has.</summary>
    public const string CompleteMarker = "--\n-- Runbook dump complete\n--\n";

    private const int BufferSize = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _output;
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly CancellationToken _cancellationToken;
    private int _used;
    private long _flushed;
    private TableChecksum? _row;
    private int _rowStart;

    public DumpWriter(Stream output, CancellationToken cancellationToken)
    {
        _output = output;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The largest span <see cref="ReserveAsync"/> hands out.</summary>
    public static int MaxReserve => BufferSize;

    /// <summary>Bytes written so far, the buffered ones included.</summary>
    public long BytesWritten => _flushed + _used;

    /// <summary>Writes <paramref name="text"/> as UTF-8.</summary>
    public ValueTask WriteAsync(string text) => WriteAsync(text.AsMemory());

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8; a surrogate pair split across two calls is kept whole. With
    /// <paramref name="lines"/>, each line written is a row of that table's checksum.
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<char> text, TableChecksum? lines = null)
    {
        while (true)
        {
            if (_buffer.Length - _used < 4)
            {
                await FlushBufferAsync();
            }

            _encoder.Convert(text.Span, _buffer.AsSpan(_used), flush: false, out var charsUsed, out var bytesUsed, out var completed);
            lines?.AppendLines(_buffer.AsSpan(_used, bytesUsed));
            _used += bytesUsed;
            text = text[charsUsed..];
            if (completed || text.IsEmpty)
            {
                return;
            }

            await FlushBufferAsync();
        }
    }

    /// <summary>Room for at least <paramref name="size"/> bytes (at most <see cref="MaxReserve"/>): fill it, then call <see cref="Advance"/>.</summary>
    public ValueTask<Memory<byte>> ReserveAsync(int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, BufferSize);
        return _buffer.Length - _used >= size ? ValueTask.FromResult(_buffer.AsMemory(_used)) : FlushThenReserveAsync();

        async ValueTask<Memory<byte>> FlushThenReserveAsync()
        {
            await FlushBufferAsync();
            return _buffer.AsMemory(_used);
        }
    }

    /// <summary>The room left in the buffer, to write into without waiting (then <see cref="Advance"/>); it may be empty.</summary>
    public Span<byte> Free => _buffer.AsSpan(_used);

    /// <summary>Counts <paramref name="count"/> bytes written into the span <see cref="ReserveAsync"/> or <see cref="Free"/> returned.</summary>
    public void Advance(int count) => _used += count;

    /// <summary>Starts a row: what is written from now until <see cref="EndRow"/> is one row of <paramref name="checksum"/>.</summary>
    public void BeginRow(TableChecksum checksum)
    {
        _row = checksum;
        _rowStart = _used;
    }

    /// <summary>Ends the row <see cref="BeginRow"/> started.</summary>
    public void EndRow()
    {
        _row!.EndRow(_buffer.AsSpan(_rowStart, _used - _rowStart));
        _row = null;
    }

    /// <summary>The statements under a <c>-- title</c> heading, followed by an empty line; nothing at all when there are none.</summary>
    public async Task WriteSectionAsync(string title, IEnumerable<string> statements)
    {
        var first = true;
        foreach (var statement in statements)
        {
            if (first)
            {
                await WriteAsync($"--\n-- {title}\n--\n\n");
                first = false;
            }

            await WriteAsync(statement);
        }

        if (!first)
        {
            await WriteAsync("\n");
        }
    }

    /// <summary>Writes <see cref="CompleteMarker"/> and flushes everything to the stream.</summary>
    public async Task CompleteAsync()
    {
        await WriteAsync(CompleteMarker);
        await FlushBufferAsync();
        await _output.FlushAsync(_cancellationToken);
    }

    /// <summary>A value for a <c>-- </c> comment line: line breaks become spaces.</summary>
    public static string Comment(string value) => value.ReplaceLineEndings(" ");

    private async ValueTask FlushBufferAsync()
    {
        if (_used == 0)
        {
            return;
        }

        // A row still being written is hashed up to here before the buffer is reused.
        _row?.AppendPart(_buffer.AsSpan(_rowStart, _used - _rowStart));
        await _output.WriteAsync(_buffer.AsMemory(0, _used), _cancellationToken);
        _flushed += _used;
        _used = 0;
        _rowStart = 0;
    }
}
