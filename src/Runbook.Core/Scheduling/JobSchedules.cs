namespace Runbook.Scheduling;

/// <summary>Every timer job Runbook runs. The Functions catalog test checks the timer functions against this list.</summary>
public static class JobSchedules
{
    /// <summary>Daily health check, 09:00 UTC (seed 001 "Morning Health Check").</summary>
    public static JobSchedule HealthCheck { get; } = new(
        "health-check", "HealthCheckTimer", "RUNBOOK_HEALTH_CHECK_SCHEDULE", "0 0 9 * * *", "Daily health check of every target");

    /// <summary>Every 5 minutes: promotions still on after their end time are switched off (seed 000 §2, the stuck promotion).</summary>
    public static JobSchedule PromotionExpiry { get; } = new(
        "promotion-expiry", "PromotionExpiryTimer", "RUNBOOK_PROMOTION_EXPIRY_SCHEDULE", "0 */5 * * * *", "Switch off promotions still on after their end time");

    /// <summary>Daily backup of every target at 02:00 UTC, verified, then pruned (seed 001 "Backup Strategy").</summary>
    public static JobSchedule Backup { get; } = new(
        "backup", "BackupTimer", "RUNBOOK_BACKUP_SCHEDULE", "0 0 2 * * *", "Daily backup of every target to Blob Storage, verified, then pruned (7 daily, 4 weekly, 12 monthly)");

    /// <summary>Every minute: one batch of every enabled e-mail outbox (seed 003's process_email_queue cron).</summary>
    public static JobSchedule EmailOutbox { get; } = new(
        "email-outbox", "EmailOutboxTimer", "RUNBOOK_EMAIL_SCHEDULE", "0 * * * * *", "Send one batch of every enabled e-mail outbox");

    /// <summary>All timer jobs.</summary>
    public static IReadOnlyList<JobSchedule> All { get; } = [HealthCheck, PromotionExpiry, Backup, EmailOutbox];

    /// <summary>The timer job named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static JobSchedule? Find(string name) => All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));
}
