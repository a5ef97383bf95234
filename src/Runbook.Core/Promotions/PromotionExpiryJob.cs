using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Scheduling;
using Runbook.Targets;

namespace Runbook.Promotions;

/// <summary>
/// The expiry timer (every 5 minutes by default): on every target with a promotions table, switches off the promotions
/// whose flag is still on after their end time: seed 000's stuck promotion, before a customer finds it.
/// </summary>
public class PromotionExpiryJob : IScheduledJob
{
    private readonly RunbookOptions _targets = new();
    private readonly PromotionOperations _promotions = null!;

    /// <summary>For mocking.</summary>
    protected PromotionExpiryJob()
    {
    }

    /// <summary>Creates the job (normally by dependency injection).</summary>
    public PromotionExpiryJob(IOptions<RunbookOptions> targets, PromotionOperations promotions)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets.Value;
        _promotions = promotions ?? throw new ArgumentNullException(nameof(promotions));
    }

    /// <inheritdoc />
    public JobSchedule Schedule => JobSchedules.PromotionExpiry;

    /// <summary>Expires every target's promotions; returns the changes, one per target with a promotions table.</summary>
    public virtual async Task<IReadOnlyList<PromotionChange>> RunAsync(string? targetName, OperatorContext who, CancellationToken cancellationToken = default)
    {
        var targets = string.IsNullOrWhiteSpace(targetName) ? _targets.Targets.Where(t => t.Promotions is not null).ToList() : [_targets.GetTarget(targetName)];
        var changes = new List<PromotionChange>();
        foreach (var target in targets)
        {
            changes.Add(await _promotions.ExpireAsync(target.Name, who, cancellationToken));
        }

        return changes;
    }

    /// <inheritdoc />
    async Task<string> IScheduledJob.RunScheduledAsync(CancellationToken cancellationToken)
    {
        var changes = await RunAsync(null, OperatorContext.Timer(Schedule.Name), cancellationToken);
        return $"{changes.Sum(c => c.Changed)} promotion(s) switched off across {changes.Count} target(s)";
    }
}
