using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;

// Compresses one file at each gzip level Runbook can use and prints size and time (the file is read into memory first).
var data = await File.ReadAllBytesAsync(args[0]);
foreach (var level in new[] { 1, 2, 3, 6 })
{
    var stopwatch = Stopwatch.StartNew();
    using var output = new MemoryStream();
    await using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
    {
        await gzip.WriteAsync(data);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Runbook GzipLevel " + level,-40} {output.Length / 1048576.0,10:0.0} {stopwatch.Elapsed.TotalSeconds,10:0.00}"));
}
