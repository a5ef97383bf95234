using System.Globalization;

namespace Runbook.Backups;

/// <summary>
/// Where a backup lives in its container and the index tags it carries. The tier comes first in the name so that the
/// storage lifecycle policy can match it by prefix (<c>daily/</c>, <c>weekly/</c>, <c>monthly/</c>):
/// <c>weekly/shop/2026/12/06/shop-20261206T020000Z.sql.gz</c> and its manifest <c>...-20261206T020000Z.manifest.json</c>.
/// </summary>
public static class BackupNames
{
    /// <summary>Index tag: the target's name.</summary>
    public const string TargetTag = "runbook-target";

    /// <summary>Index tag: daily, weekly or monthly.</summary>
    public const string TierTag = "runbook-tier";

    /// <summary>Index tag: when the backup was made, <c>yyyyMMddTHHmmssZ</c> (sorts as time).</summary>
    public const string CreatedTag = "runbook-created";

    /// <summary>
    /// Index tag (<see cref="VerifiedValue"/>): <c>yes</c> once a verification or restore drill passed, <c>failed</c> when
    /// the last verification failed, <c>drill-failed</c> when the last restore drill failed, else <c>no</c>.
    /// </summary>
    public const string VerifiedTag = "runbook-verified";

    /// <summary>
    /// Index tag: <c>yes</c> on each target's newest verified backup, <c>no</c> on every other. The lifecycle policy deletes
    /// only blobs tagged <c>no</c>, so it can never take the last good backup either.
    /// </summary>
    public const string PinnedTag = "runbook-pinned";

    /// <summary>Metadata: the SHA-256 of the blob's bytes, lowercase hex.</summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>The suffix of a manifest blob.</summary>
    public const string ManifestSuffix = ".manifest.json";

    /// <summary>The tier of a backup made at <paramref name="createdAt"/> (UTC): Sunday is weekly, the first Sunday monthly.</summary>
    public static BackupTier TierOf(DateTimeOffset createdAt)
    {
        var utc = createdAt.UtcDateTime;
        return utc.DayOfWeek != DayOfWeek.Sunday ? BackupTier.Daily : utc.Day <= 7 ? BackupTier.Monthly : BackupTier.Weekly;
    }

    /// <summary>The file extension of a dump compressed with <paramref name="compression"/>.</summary>
    public static string Extension(BackupCompression compression) => compression switch
    {
        BackupCompression.Gzip => ".sql.gz",
        BackupCompression.Zstd => ".sql.zst",
        _ => ".sql",
    };

    /// <summary>The compression a dump's name says it has; null for a name that is not a dump.</summary>
    public static BackupCompression? CompressionOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(".sql.gz", StringComparison.Ordinal) ? BackupCompression.Gzip
            : name.EndsWith(".sql.zst", StringComparison.Ordinal) ? BackupCompression.Zstd
            : name.EndsWith(".sql", StringComparison.Ordinal) ? BackupCompression.None
            : null;
    }

    /// <summary>The dump blob's name.</summary>
    public static string DumpName(string target, DateTimeOffset createdAt, BackupCompression compression) =>
        Stem(target, createdAt) + Extension(compression);

    /// <summary>The manifest blob's name beside a dump.</summary>
    public static string ManifestName(string dumpName)
    {
        ArgumentNullException.ThrowIfNull(dumpName);
        var compression = CompressionOf(dumpName) ?? throw new ArgumentException($"'{dumpName}' is not a backup name.", nameof(dumpName));
        return dumpName[..^Extension(compression).Length] + ManifestSuffix;
    }

    /// <summary>The time as the created tag writes it.</summary>
    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The prefix of one tier's backups of one target.</summary>
    public static string Prefix(BackupTier tier, string target) => $"{TierName(tier)}/{target}/";

    /// <summary>The tier as names and tags write it.</summary>
    public static string TierName(BackupTier tier) => tier.ToString().ToLowerInvariant();

    /// <summary>
    /// The <see cref="VerifiedTag"/> a manifest earns. A failed restore drill outweighs a passed verification (the file is
    /// intact but does not restore to what was dumped), so such a backup is neither pinned nor counted as the last good one;
    /// a passed drill counts as verified, since its restore checked the SHA-256 and read every byte. Null: no manifest.
    /// </summary>
    public static string VerifiedValue(BackupManifest? manifest) => manifest switch
    {
        null or { LastVerification.Passed: false } => "failed",
        { LastRestoreDrill.Passed: false } => "drill-failed",
        { LastVerification.Passed: true } or { LastRestoreDrill.Passed: true } => "yes",
        _ => "no",
    };

    /// <summary>The index tags of a new backup.</summary>
    public static Dictionary<string, string> Tags(string target, BackupTier tier, DateTimeOffset createdAt, string verified = "no", bool pinned = false) => new()
    {
        [TargetTag] = target,
        [TierTag] = TierName(tier),
        [CreatedTag] = Stamp(createdAt),
        [VerifiedTag] = verified,
        [PinnedTag] = pinned ? "yes" : "no",
    };

    private static string Stem(string target, DateTimeOffset createdAt)
    {
        var utc = createdAt.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{TierName(TierOf(createdAt))}/{target}/{utc:yyyy}/{utc:MM}/{utc:dd}/{target}-{Stamp(createdAt)}");
    }
}
