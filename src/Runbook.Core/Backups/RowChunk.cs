using System.Buffers;

namespace Runbook.Backups;

/// <summary>
/// Whole rows of a COPY block (lines, each with its newline) in a pooled buffer, and where they were in the dump: what
/// <see cref="RowChunkStream"/> hands to the loaders. The loader that takes it returns the buffer.
/// </summary>
public sealed class RowChunk(byte[] buffer, int length, long firstLine, long lines)
{
    /// <summary>The rows' bytes.</summary>
    public ReadOnlyMemory<byte> Rows => buffer.AsMemory(0, length);

    /// <summary>The dump's line number of the first row.</summary>
    public long FirstLine { get; } = firstLine;

    /// <summary>How many rows (lines) the chunk holds.</summary>
    public long Lines { get; } = lines;

    /// <summary>Gives the buffer back to the pool; the chunk is not read again.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(buffer);
}
