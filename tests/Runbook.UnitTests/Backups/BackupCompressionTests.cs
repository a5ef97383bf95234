using System.Text;
using Runbook.Backups;

namespace Runbook.UnitTests.Backups;

/// <summary>Every compression round-trips, and a higher gzip level writes less.</summary>
public sealed class BackupCompressionTests
{
    private static readonly byte[] Sql = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\t{i * 7 % 1000}\tcustomer {i % 97} bought item {i % 13}\n")));

    private static async Task<byte[]> CompressAsync(BackupCompression compression, int level = 1)
    {
        using var output = new MemoryStream();
        await using (var stream = BackupCompressionStreams.Compress(output, compression, level))
        {
            await stream.WriteAsync(Sql);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(BackupCompression.Gzip)]
    [InlineData(BackupCompression.Zstd)]
    [InlineData(BackupCompression.None)]
    public async Task Each_compression_reads_back_what_was_written(BackupCompression compression)
    {
        var compressed = await CompressAsync(compression);
        using var back = new MemoryStream();
        await using (var stream = BackupCompressionStreams.Decompress(new MemoryStream(compressed), compression))
        {
            await stream.CopyToAsync(back);
        }

        Assert.Equal(Sql, back.ToArray());
        Assert.True(compression == BackupCompression.None ? compressed.Length == Sql.Length : compressed.Length < Sql.Length / 2);
    }

    [Fact]
    public async Task A_higher_gzip_level_writes_less()
    {
        Assert.True((await CompressAsync(BackupCompression.Gzip, 6)).Length < (await CompressAsync(BackupCompression.Gzip, 1)).Length);
    }
}
