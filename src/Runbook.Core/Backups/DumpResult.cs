namespace Runbook.Backups;

/// <summary>What a finished dump holds: the figures a manifest records and a restore drill compares.</summary>
public sealed record DumpResult
{
    /// <summary>The server's version as it reports it (<c>15.18 (Debian 15.18-0+deb12u1)</c>, <c>10.11.19-MariaDB-0+deb12u1</c>).</summary>
    public required string ServerVersion { get; init; }

    /// <summary>The database dumped.</summary>
    public required string Database { get; init; }

    /// <summary>When the snapshot was taken: every row in the dump is as of this moment.</summary>
    public required DateTimeOffset SnapshotStartedAt { get; init; }

    /// <summary>When the last row had been read and the snapshot was released.</summary>
    public required DateTimeOffset SnapshotEndedAt { get; init; }

    /// <summary>Every table whose rows the dump holds (partitions one by one, not their partitioned parents), in dump order.</summary>
    public required IReadOnlyList<DumpedTable> Tables { get; init; }

    /// <summary>Bytes written to the output, the whole dump.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>All rows across <see cref="Tables"/>.</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);
}
