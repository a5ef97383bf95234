using Runbook.Targets;

namespace Runbook.Promotions;

/// <summary>The promotion operations (<c>Runbook:Promotions</c>): timeouts.</summary>
public sealed class PromotionOptions : TargetOperationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Promotions";
}
