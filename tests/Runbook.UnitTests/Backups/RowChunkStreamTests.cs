using System.Text;
using System.Threading.Channels;
using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>The rows of a COPY block cut into chunks for the loaders: whole lines only, nothing lost, lines numbered.</summary>
public sealed class RowChunkStreamTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(7, 16)]
    [InlineData(1000, 16)]
    [InlineData(3, 64)]
    [InlineData(100_000, 1024)]
    public async Task Chunks_hold_whole_lines_numbered_from_the_first_and_together_are_the_rows(int writeSize, int chunkBytes)
    {
        var rows = string.Concat(Enumerable.Range(1, 500).Select(i => $"{i}\t{new string('x', i % 37)}\\n{i}\n"));
        var chunks = await CutAsync(Encoding.UTF8.GetBytes(rows), writeSize, chunkBytes, firstLine: 41);

        Assert.True(chunks.Count > 1);
        Assert.Equal(rows, string.Concat(chunks.Select(c => c.Text)));
        var line = 41L;
        foreach (var (text, firstLine, lines) in chunks)
        {
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.Equal(line, firstLine);
            Assert.Equal(text.Count(c => c == '\n'), lines);

            // The first row of each chunk is the line its number says.
            Assert.StartsWith($"{line - 40}\t", text, StringComparison.Ordinal);
            line += lines;
        }

        Assert.Equal(541L, line);
    }

    [Fact]
    public async Task A_row_longer_than_a_chunk_makes_one_longer_chunk()
    {
        var rows = "1\tshort\n2\t" + new string('y', 1000) + "\n3\tshort\n";

        var chunks = await CutAsync(Encoding.UTF8.GetBytes(rows), 13, chunkBytes: 64, firstLine: 1);

        Assert.Equal(rows, string.Concat(chunks.Select(c => c.Text)));
        Assert.Contains(chunks, c => c.Text.Contains("\n2\t" + new string('y', 1000) + "\n", StringComparison.Ordinal) || c.Text.StartsWith("2\t" + new string('y', 1000) + "\n", StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.EndsWith("\n", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_written_sends_nothing()
    {
        Assert.Empty(await CutAsync([], 1, 16, 1));
    }

    private static async Task<List<(string Text, long FirstLine, long Lines)>> CutAsync(byte[] rows, int writeSize, int chunkBytes, long firstLine)
    {
        var channel = Channel.CreateUnbounded<RowChunk>();
        await using (var stream = new RowChunkStream(channel.Writer, firstLine, chunkBytes))
        {
            for (var i = 0; i < rows.Length; i += writeSize)
            {
                await stream.WriteAsync(rows.AsMemory(i, Math.Min(writeSize, rows.Length - i)));
            }

            await stream.FinishAsync(CancellationToken.None);
        }

        channel.Writer.Complete();
        var chunks = new List<(string, long, long)>();
        await foreach (var chunk in channel.Reader.ReadAllAsync())
        {
            chunks.Add((Encoding.UTF8.GetString(chunk.Rows.Span), chunk.FirstLine, chunk.Lines));
            chunk.Return();
        }

        return chunks;
    }
}
