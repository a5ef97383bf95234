namespace Runbook.UnitTests.Backups;

/// <summary>Hands out at most <paramref name="chunk"/> characters per read, so every boundary is crossed somewhere.</summary>
internal sealed class TrickleReader(string text, int chunk) : TextReader
{
    private int _position;

    public override int Read(char[] buffer, int index, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), text.Length - _position);
        text.CopyTo(_position, buffer, index, n);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        var n = Math.Min(Math.Min(buffer.Length, chunk), text.Length - _position);
        text.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return ValueTask.FromResult(n);
    }
}
