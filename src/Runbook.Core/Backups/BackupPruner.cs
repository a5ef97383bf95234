using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Logging;

namespace Runbook.Backups;

/// <summary>
/// Grandfather-father-son retention (seed 001 "Backup Strategy": daily 7, weekly 4, monthly 12). A backup is kept while
/// any rule keeps it: a daily one for <see cref="BackupOptions.DailyRetentionDays"/> days, a weekly (Sunday) one for
/// <see cref="BackupOptions.WeeklyRetentionWeeks"/> weeks, a monthly (first Sunday) one for
/// <see cref="BackupOptions.MonthlyRetentionMonths"/> calendar months counting this one; and each target's newest verified
/// backup whatever its age. The rules are by time, so the storage lifecycle policy, which can only count days, can follow
/// them a day behind and never delete earlier.
/// </summary>
public class BackupPruner
{
    private static readonly TimeSpan IncompleteGrace = TimeSpan.FromDays(1);
    private readonly BackupStore _store = null!;
    private readonly BackupOptions _options = new();
    private readonly AuditTrail? _audit;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected BackupPruner()
    {
    }

    /// <summary>Prunes the backups in <paramref name="store"/>.</summary>
    public BackupPruner(BackupStore store, IOptions<BackupOptions> options, TimeProvider time, ILogger<BackupPruner> logger, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _audit = audit;
    }

    /// <summary>
    /// Deletes the backups of <paramref name="target"/> (or of every target) the policy no longer keeps; with
    /// <paramref name="dryRun"/>, only says which. Returns every decision, newest first.
    /// </summary>
    public virtual async Task<IReadOnlyList<PruneDecision>> PruneAsync(string? target, bool dryRun, OperatorContext who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        async Task<IReadOnlyList<PruneDecision>> RunAsync()
        {
            var decisions = Plan(await _store.ListAsync(target, cancellationToken), _time.GetUtcNow(), _options);
            if (!dryRun)
            {
                foreach (var decision in decisions.Where(d => !d.Keep))
                {
                    await _store.DeleteAsync(decision.Backup.Name, cancellationToken);
                    Log.BackupPruned(_logger, decision.Backup.Target, decision.Backup.Name, decision.Reason);
                }
            }

            return decisions;
        }

        if (_audit is null || dryRun)
        {
            return await RunAsync();
        }

        var parameters = new Dictionary<string, string?> { ["dryRun"] = "false" };
        return await _audit.RecordAsync(who, "backup.prune", target, parameters, RunAsync, d => (d.Count(x => !x.Keep), $"{d.Count(x => !x.Keep)} deleted, {d.Count(x => x.Keep)} kept"), cancellationToken);
    }

    /// <summary>The decisions for <paramref name="backups"/> at <paramref name="now"/>: which the policy keeps and why.</summary>
    public static IReadOnlyList<PruneDecision> Plan(IReadOnlyList<BackupEntry> backups, DateTimeOffset now, BackupOptions options)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(options);
        var newestVerified = backups.Where(b => b.IsVerified && b.HasManifest).GroupBy(b => b.Target).ToDictionary(g => g.Key, g => g.MaxBy(b => b.CreatedAt)!);
        var decisions = new List<PruneDecision>(backups.Count);
        foreach (var backup in backups.OrderByDescending(b => b.CreatedAt))
        {
            decisions.Add(Decide(backup, now, options, newestVerified.TryGetValue(backup.Target, out var newest) && newest == backup));
        }

        return decisions;
    }

    private static PruneDecision Decide(BackupEntry backup, DateTimeOffset now, BackupOptions options, bool newestVerified)
    {
        if (newestVerified)
        {
            return new(backup, true, "the target's newest verified backup");
        }

        if (!backup.HasManifest)
        {
            return now - backup.CreatedAt > IncompleteGrace
                ? new(backup, false, "incomplete: it has no manifest")
                : new(backup, true, "incomplete, but less than a day old (it may still be finishing)");
        }

        var age = now - backup.CreatedAt;
        if (age < TimeSpan.FromDays(options.DailyRetentionDays))
        {
            return new(backup, true, Format($"daily: younger than {options.DailyRetentionDays} days"));
        }

        if (backup.Tier >= BackupTier.Weekly && age < TimeSpan.FromDays(7 * options.WeeklyRetentionWeeks))
        {
            return new(backup, true, Format($"weekly: younger than {options.WeeklyRetentionWeeks} weeks"));
        }

        var months = ((now.UtcDateTime.Year * 12) + now.UtcDateTime.Month) - ((backup.CreatedAt.UtcDateTime.Year * 12) + backup.CreatedAt.UtcDateTime.Month);
        return backup.Tier == BackupTier.Monthly && months < options.MonthlyRetentionMonths
            ? new(backup, true, Format($"monthly: one of the last {options.MonthlyRetentionMonths} months"))
            : new(backup, false, Format($"{BackupNames.TierName(backup.Tier)}, {age.TotalDays:0} days old: past every retention rule"));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
