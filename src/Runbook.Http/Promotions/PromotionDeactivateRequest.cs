namespace Runbook.Http.Promotions;

/// <summary>The body of a deactivation: <c>{ "reason": "...", "dryRun": false }</c>.</summary>
public sealed class PromotionDeactivateRequest
{
    /// <summary>Why (required).</summary>
    public string? Reason { get; set; }

    /// <summary>True to see what would change without writing anything.</summary>
    public bool DryRun { get; set; }
}
