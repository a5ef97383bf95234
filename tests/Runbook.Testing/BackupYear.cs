using Runbook.Backups;

namespace Runbook.Testing;

/// <summary>A generated year of backups for retention tests: one a day at 02:00, tiered as the job tiers them.</summary>
public static class BackupYear
{
    /// <summary>One backup a day at 02:00 from <paramref name="now"/>'s day back 366 days, newest first.</summary>
    public static List<BackupEntry> Generate(DateTimeOffset now, string target = "shop", Func<DateTimeOffset, string>? verified = null)
    {
        var entries = new List<BackupEntry>();
        var newest = new DateTimeOffset(now.UtcDateTime.Date.AddHours(2), TimeSpan.Zero);
        for (var created = newest; created >= newest.AddDays(-366); created = created.AddDays(-1))
        {
            entries.Add(new BackupEntry(BackupNames.DumpName(target, created, BackupCompression.Gzip), target, BackupNames.TierOf(created), created, 100, verified?.Invoke(created) ?? "no", false, true));
        }

        return entries;
    }
}
