using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Runbook.Reports;

namespace Runbook.Backups;

/// <summary>
/// A write-only stream that uploads to a block blob one block at a time (the next block fills while the last one is
/// staged). Nothing becomes visible until <see cref="CommitAsync"/>
/// commits the block list: a backup that fails midway leaves only uncommitted blocks, which the service discards after
/// a week, and never a blob that looks complete. Memory: two blocks, whatever the size of the backup.
/// </summary>
public sealed class BlockUploadStream : Stream
{
    private readonly BlockBlobClient _blob;
    private readonly RunbookBlobService _storage;
    private readonly int _blockSize;
    private readonly List<string> _blockIds = [];
    private readonly CancellationToken _cancellationToken;
    private byte[] _buffer;
    private byte[] _spare;
    private int _filled;
    private Task _staging = Task.CompletedTask;
    private bool _committed;

    /// <summary>Uploads to <paramref name="blob"/> in blocks of <paramref name="blockSize"/> bytes, each stage bounded by the storage timeout.</summary>
    public BlockUploadStream(BlockBlobClient blob, RunbookBlobService storage, int blockSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1024);
        (_blob, _storage, _blockSize, _cancellationToken) = (blob, storage, blockSize, cancellationToken);
        _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        _spare = ArrayPool<byte>.Shared.Rent(blockSize);
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => !_committed;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        BytesWritten += buffer.Length;
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _blockSize - _filled);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == _blockSize)
            {
                await StageFilledAsync();
            }
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        // Blocks are staged when full and committed by CommitAsync; a flush must not publish a partial blob.
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Stages what is left and commits the block list with <paramref name="metadata"/> and <paramref name="tags"/>: the
    /// moment the blob appears.
    /// </summary>
    public async Task CommitAsync(IDictionary<string, string> metadata, IDictionary<string, string> tags, string contentType)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (_filled > 0)
        {
            await StageFilledAsync();
        }

        await _staging;
        var options = new CommitBlockListOptions
        {
            Metadata = metadata,
            Tags = tags,
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        };
        await _storage.RunAsync(ct => _blob.CommitBlockListAsync(_blockIds, options, ct), _cancellationToken);
        _committed = true;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        // A stage still running reads its buffer: let it end (its block is never committed) before the buffer goes back.
        try
        {
            await _staging;
        }
        catch (Exception)
        {
            // Already reported by the write or commit that awaited it; a dispose after a failure must not throw again.
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0 && _staging.IsCompleted)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<byte>.Shared.Return(_spare);
            (_buffer, _spare) = ([], []);
        }

        base.Dispose(disposing);
    }

    private async Task StageFilledAsync()
    {
        if (_blockIds.Count >= BackupOptions.MaxBlocks)
        {
            throw new IOException(string.Create(
                CultureInfo.InvariantCulture,
                $"The backup is larger than {BackupOptions.MaxBlocks:N0} blocks of {_blockSize / (1024 * 1024)} MiB; raise {BackupOptions.SectionName}:BlockSizeMegabytes."));
        }

        // One stage in flight: wait for the previous block, then hand this one over and fill the spare buffer meanwhile.
        await _staging;
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        _blockIds.Add(id);
        var (block, length) = (_buffer, _filled);
        (_buffer, _spare, _filled) = (_spare, block, 0);
        _staging = _storage.RunAsync(
            async ct =>
            {
                using var content = new MemoryStream(block, 0, length, writable: false);
                return await _blob.StageBlockAsync(id, content, cancellationToken: ct);
            },
            _cancellationToken);
    }
}
