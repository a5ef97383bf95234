namespace Runbook.Backups;

/// <summary>One backup as the catalog lists it: from the dump blob's tags and properties, and its manifest when read.</summary>
/// <param name="Name">The dump blob's name.</param>
/// <param name="Target">The target's name.</param>
/// <param name="Tier">Daily, weekly or monthly.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="SizeBytes">The dump blob's size.</param>
/// <param name="Verified"><c>yes</c>, <c>no</c>, <c>failed</c> (the last verification) or <c>drill-failed</c> (the last restore drill): <see cref="BackupNames.VerifiedValue"/>.</param>
/// <param name="Pinned">True on the target's newest verified backup, which nothing deletes.</param>
/// <param name="HasManifest">False when the manifest beside it is missing: the backup is incomplete and is never restored or counted.</param>
public sealed record BackupEntry(string Name, string Target, BackupTier Tier, DateTimeOffset CreatedAt, long SizeBytes, string Verified, bool Pinned, bool HasManifest)
{
    /// <summary>True once a verification or restore drill passed, and neither failed since.</summary>
    public bool IsVerified => Verified == "yes";
}
