namespace Runbook.Promotions;

/// <summary>What a deactivation did (or, in a dry run, would do) to each promotion.</summary>
/// <param name="Target">The target database.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Promotions">Each promotion before and after.</param>
/// <param name="Detail">A sentence for the operator.</param>
public sealed record PromotionChange(string Target, bool DryRun, IReadOnlyList<PromotionBeforeAfter> Promotions, string Detail)
{
    /// <summary>How many promotions were (or would be) switched off.</summary>
    public int Changed => Promotions.Count(p => p.Before.Active && !p.After.Active);
}

/// <summary>One promotion before and after a deactivation.</summary>
public sealed record PromotionBeforeAfter(Promotion Before, Promotion After);
