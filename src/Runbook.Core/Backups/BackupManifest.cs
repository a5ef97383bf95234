using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// The JSON written beside every dump (<c>...manifest.json</c>): what the dump holds and how to check it. A verification
/// or a restore drill writes it again with its outcome.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>The manifest format; readers refuse a newer one.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The target's configured name.</summary>
    public required string Target { get; init; }

    /// <summary>The target's engine.</summary>
    public required DatabaseProvider Provider { get; init; }

    /// <summary>The server's version text.</summary>
    public required string ServerVersion { get; init; }

    /// <summary>The database dumped.</summary>
    public required string Database { get; init; }

    /// <summary>The dump blob's name in the backups container.</summary>
    public required string Dump { get; init; }

    /// <summary>When the backup was started: the name's time stamp and the tier's day.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Daily, weekly or monthly.</summary>
    public required BackupTier Tier { get; init; }

    /// <summary>When the snapshot every row is as of was taken.</summary>
    public required DateTimeOffset SnapshotStartedAt { get; init; }

    /// <summary>When the last row had been read.</summary>
    public required DateTimeOffset SnapshotEndedAt { get; init; }

    /// <summary>How the dump blob is compressed.</summary>
    public required BackupCompression Compression { get; init; }

    /// <summary>The dump blob's size in bytes (compressed).</summary>
    public required long SizeBytes { get; init; }

    /// <summary>The SQL's size in bytes (uncompressed).</summary>
    public required long SqlBytes { get; init; }

    /// <summary>The SHA-256 of the dump blob's bytes, lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Every table whose rows the dump holds, with its row count and data bytes.</summary>
    public required IReadOnlyList<DumpedTable> Tables { get; init; }

    /// <summary>The Runbook version that wrote the dump.</summary>
    public required string RunbookVersion { get; init; }

    /// <summary>The last verification, or null when none has run.</summary>
    public BackupCheck? LastVerification { get; init; }

    /// <summary>The last restore drill, or null when none has run.</summary>
    public BackupCheck? LastRestoreDrill { get; init; }
}

/// <summary>The outcome of a verification or restore drill.</summary>
/// <param name="At">When it finished.</param>
/// <param name="Passed">True when every check passed.</param>
/// <param name="Message">What was checked, or what failed.</param>
public sealed record BackupCheck(DateTimeOffset At, bool Passed, string Message);
