namespace Runbook.Targets;

/// <summary>
/// The application's promotions table (<c>Runbook:Targets:N:Promotions</c>, seed 000 §2): which columns say whether a
/// promotion is on. With an active flag, the flag decides (a promotion stuck on after its end date is active); without
/// one, a promotion is active once started and until it ends. Set the active column, the end column, or both.
/// </summary>
public sealed class PromotionTableOptions
{
    /// <summary>The table, optionally schema-qualified.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The key column.</summary>
    public string IdColumn { get; set; } = "id";

    /// <summary>The name shown to operators.</summary>
    public string NameColumn { get; set; } = "name";

    /// <summary>A boolean flag; deactivating sets it false.</summary>
    public string? ActiveColumn { get; set; }

    /// <summary>When the promotion starts.</summary>
    public string? StartsAtColumn { get; set; }

    /// <summary>When it ends; without an active column, deactivating sets it to now.</summary>
    public string? EndsAtColumn { get; set; }

    /// <summary>Written with the time of a deactivation, when present.</summary>
    public string? DeactivatedAtColumn { get; set; }

    /// <summary>Written with who deactivated it, when present.</summary>
    public string? DeactivatedByColumn { get; set; }

    /// <summary>Written with the reason given, when present.</summary>
    public string? ReasonColumn { get; set; }
}
