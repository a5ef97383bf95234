using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.UnitTests.Backups;

/// <summary>Grandfather-father-son on a generated year of daily backups: exactly 7 / 4 / 12, and the newest verified one.</summary>
public sealed class BackupPrunerTests
{
    // Tuesday 8 December 2026, just after the 02:00 backup.
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 2, 10, 0, TimeSpan.Zero);

    private static List<BackupEntry> Year(string target = "shop", Func<DateTimeOffset, string>? verified = null) => BackupYear.Generate(Now, target, verified);

    private static List<DateTime> Days(params string[] days) => [.. days.Select(d => DateTime.Parse(d, System.Globalization.CultureInfo.InvariantCulture).AddHours(2))];

    [Fact]
    public void A_year_keeps_exactly_seven_daily_four_weekly_and_twelve_monthly()
    {
        var decisions = BackupPruner.Plan(Year(), Now, new BackupOptions());
        var kept = decisions.Where(d => d.Keep).Select(d => d.Backup).ToList();

        Assert.Equal(Days("2026-12-08", "2026-12-07", "2026-12-06", "2026-12-05", "2026-12-04", "2026-12-03", "2026-12-02"), kept.Where(b => Now - b.CreatedAt < TimeSpan.FromDays(7)).Select(b => b.CreatedAt.UtcDateTime));
        Assert.Equal(Days("2026-12-06", "2026-11-29", "2026-11-22", "2026-11-15"), kept.Where(b => b.Tier >= BackupTier.Weekly && Now - b.CreatedAt < TimeSpan.FromDays(28)).Select(b => b.CreatedAt.UtcDateTime));
        Assert.Equal(
            Days("2026-12-06", "2026-11-01", "2026-10-04", "2026-09-06", "2026-08-02", "2026-07-05", "2026-06-07", "2026-05-03", "2026-04-05", "2026-03-01", "2026-02-01", "2026-01-04"),
            kept.Where(b => b.Tier == BackupTier.Monthly).Select(b => b.CreatedAt.UtcDateTime));
        Assert.Equal(7 + 3 + 11, kept.Count);
        Assert.Equal(367 - kept.Count, decisions.Count(d => !d.Keep));
        Assert.All(decisions.Where(d => !d.Keep), d => Assert.Contains("past every retention rule", d.Reason, StringComparison.Ordinal));
        Assert.Contains(decisions, d => !d.Keep && d.Backup.CreatedAt.UtcDateTime == new DateTime(2025, 12, 7, 2, 0, 0));
    }

    [Fact]
    public void The_newest_verified_backup_is_kept_whatever_its_age_and_only_that_one()
    {
        // Verification has failed since June: the last good backup is from 10 June, a plain daily one.
        var lastGood = new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero);
        var year = Year(verified: c => c < lastGood.AddDays(1) ? "yes" : "failed");

        var decisions = BackupPruner.Plan(year, Now, new BackupOptions());

        var pinned = Assert.Single(decisions, d => d.Reason == "the target's newest verified backup");
        Assert.Equal(lastGood, pinned.Backup.CreatedAt);
        Assert.True(pinned.Keep);
        Assert.False(decisions.Single(d => d.Backup.CreatedAt == lastGood.AddDays(-1)).Keep);
        Assert.Equal(7 + 3 + 11 + 1, decisions.Count(d => d.Keep));
    }

    [Fact]
    public void Each_target_keeps_its_own_newest_verified_backup_and_incomplete_ones_go_after_a_day()
    {
        var shop = Year("shop", c => c.Day == 1 ? "yes" : "no");
        var blog = Year("blog", c => c == Now.Date.AddHours(2).AddDays(-100) ? "yes" : "no");
        var incomplete = new BackupEntry("daily/shop/x.sql.gz", "shop", BackupTier.Daily, Now.AddDays(-2), 10, "no", false, HasManifest: false);
        var fresh = incomplete with { Name = "daily/shop/y.sql.gz", CreatedAt = Now.AddHours(-2) };

        var decisions = BackupPruner.Plan([.. shop, .. blog, incomplete, fresh], Now, new BackupOptions());

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), decisions.Single(d => d.Backup.Target == "shop" && d.Reason.StartsWith("the target's", StringComparison.Ordinal)).Backup.CreatedAt);
        Assert.Equal(Now.Date.AddHours(2).AddDays(-100), decisions.Single(d => d.Backup.Target == "blog" && d.Reason.StartsWith("the target's", StringComparison.Ordinal)).Backup.CreatedAt.UtcDateTime);
        Assert.False(decisions.Single(d => d.Backup == incomplete).Keep);
        Assert.True(decisions.Single(d => d.Backup == fresh).Keep);
    }

    [Theory]
    [InlineData(3, 2, 6, 3 + 1 + 5)]
    [InlineData(14, 8, 24, 14 + 6 + 11)]
    public void The_counts_are_configurable(int days, int weeks, int months, int expected)
    {
        var options = new BackupOptions { DailyRetentionDays = days, WeeklyRetentionWeeks = weeks, MonthlyRetentionMonths = months };

        var kept = BackupPruner.Plan(Year(), Now, options).Count(d => d.Keep);

        Assert.Equal(expected, kept);
    }
}
