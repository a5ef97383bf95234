namespace Runbook.Audit;

/// <summary>The audit trail (<c>Runbook:Audit</c>): one append blob per day in the data storage account.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Audit";

    /// <summary>The container (the Bicep makes <c>audit</c> immutable with appends allowed).</summary>
    public string Container { get; set; } = "audit";
}
