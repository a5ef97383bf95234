using System.Globalization;
using Microsoft.Extensions.Options;
using Runbook.Scheduling;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// The every-minute outbox timer (seed 003's cron <c>process_email_queue --limit=100</c>): one batch of every enabled
/// outbox. A run that stopped short on any target (SMTP or the database unreachable) fails the tick, so the platform's
/// failure alert fires; messages that failed for good are counted in the outcome and stay in the table for a replay.
/// </summary>
public sealed class OutboxTimerJob(OutboxProcessor processor, IOptions<RunbookOptions> targets) : IScheduledJob
{
    /// <inheritdoc />
    public JobSchedule Schedule => JobSchedules.EmailOutbox;

    /// <inheritdoc />
    public async Task<string> RunScheduledAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.Value.Targets.Any(t => t.Outbox is { Enabled: true }))
        {
            return "no outbox is enabled (Runbook:Targets:N:Outbox:Enabled)";
        }

        var results = await processor.ProcessAsync(target: null, limit: null, includeFailed: false, cancellationToken);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{results.Sum(r => r.Sent)} sent, {results.Sum(r => r.Retrying)} to retry, {results.Sum(r => r.Failed)} failed for good across {results.Count} outbox(es)");
        var stopped = results.Where(r => r.Error is not null).Select(r => $"{r.Target}: {r.Error}").ToList();
        return stopped.Count == 0 ? summary : throw new InvalidOperationException($"{summary}; stopped short on {string.Join("; ", stopped)}");
    }
}
