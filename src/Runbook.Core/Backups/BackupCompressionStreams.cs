using System.IO.Compression;
using ZstdSharp;

namespace Runbook.Backups;

/// <summary>The compressing and decompressing streams of each <see cref="BackupCompression"/>; the inner stream is left open.</summary>
public static class BackupCompressionStreams
{
    /// <summary>
    /// A stream that compresses what is written to it into <paramref name="output"/>; dispose it to write the end.
    /// <paramref name="gzipLevel"/> is zlib's level 1 (fastest) to 9 (smallest).
    /// </summary>
    public static Stream Compress(Stream output, BackupCompression compression, int gzipLevel = 1) => compression switch
    {
        BackupCompression.Gzip => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = gzipLevel }, leaveOpen: true),
        BackupCompression.Zstd => new CompressionStream(output, level: 3, leaveOpen: true),
        BackupCompression.None => new BufferedStream(new LeaveOpenStream(output), 64 * 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>A stream that reads <paramref name="input"/> decompressed.</summary>
    public static Stream Decompress(Stream input, BackupCompression compression) => compression switch
    {
        BackupCompression.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true),
        BackupCompression.Zstd => new DecompressionStream(input, leaveOpen: true),
        BackupCompression.None => new LeaveOpenStream(input),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>Delegates to a stream and does not close it when disposed.</summary>
    private sealed class LeaveOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
