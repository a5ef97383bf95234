using System.Buffers;
using System.Threading.Channels;

namespace Runbook.Backups;

/// <summary>
/// A write-only stream that cuts the rows of one COPY block into chunks of whole lines (about <see cref="ChunkBytes"/>
/// each; a single longer row makes a longer chunk) and writes them to a channel, numbering their lines from
/// <c>firstLine</c>. COPY's text format escapes newlines inside values, so every newline ends a row.
/// </summary>
public sealed class RowChunkStream(ChannelWriter<RowChunk> chunks, long firstLine, int chunkBytes = RowChunkStream.ChunkBytes) : Stream
{
    /// <summary>The size chunks are cut at: large enough that a loader's per-chunk work is nothing, small enough to spread a table.</summary>
    public const int ChunkBytes = 1 << 20;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
    private int _used;
    private long _nextLine = firstLine;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var room = _buffer.Length - _used;
            if (room == 0)
            {
                await CutAsync(cancellationToken);
                continue;
            }

            var take = Math.Min(room, buffer.Length);
            buffer.Span[..take].CopyTo(_buffer.AsSpan(_used));
            _used += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Sends what is left (the block's last rows); the stream is not written to again.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await SendAsync(_used, cancellationToken);
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    // The buffer is full: send its whole lines, keep the partial last one; with no newline at all, one row outgrew it.
    private async ValueTask CutAsync(CancellationToken cancellationToken)
    {
        var end = _buffer.AsSpan(0, _used).LastIndexOf((byte)'\n') + 1;
        if (end == 0)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            return;
        }

        await SendAsync(end, cancellationToken);
    }

    private async ValueTask SendAsync(int length, CancellationToken cancellationToken)
    {
        var full = _buffer;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(chunkBytes, _used - length));
        full.AsSpan(length, _used - length).CopyTo(next);
        _used -= length;
        _buffer = next;
        var lines = full.AsSpan(0, length).Count((byte)'\n');
        var chunk = new RowChunk(full, length, _nextLine, lines);
        _nextLine += lines;
        try
        {
            await chunks.WriteAsync(chunk, cancellationToken);
        }
        catch
        {
            chunk.Return();
            throw;
        }
    }
}
