namespace Runbook.Targets;

/// <summary>A queue table: rows with a status and a creation time.</summary>
public sealed class QueueTableOptions
{
    /// <summary>A short name for reports; defaults to the table name.</summary>
    public string? Name { get; set; }

    /// <summary>The table, optionally schema-qualified.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The column holding the item's status text.</summary>
    public string StatusColumn { get; set; } = "status";

    /// <summary>The column holding when the item was created (UTC).</summary>
    public string CreatedAtColumn { get; set; } = "created_at";

    /// <summary>
    /// The statuses counted exactly (with an index on status these are cheap: they are the small, open part of a
    /// queue); default <c>queued, pending, processing, failed</c>. Finished items are left to the catalog's row estimate.
    /// </summary>
    public string[]? Statuses { get; set; }

    /// <summary>Statuses that mean "waiting to be picked up": items in them past the stuck threshold are stuck; default <c>queued, pending</c>.</summary>
    public string[]? WaitingStatuses { get; set; }

    /// <summary>Statuses that mean "gave up": any item in them is a warning; default <c>failed</c>.</summary>
    public string[]? FailedStatuses { get; set; }

    // Lists default to null: the configuration binder appends to a filled list instead of replacing it.

    /// <summary>
    /// The statuses counted: <see cref="Statuses"/> (default <c>queued, pending, processing, failed</c>) plus any waiting or
    /// failed status not already among them, so that a failed status is never silently counted as zero.
    /// </summary>
    public IReadOnlyList<string> EffectiveStatuses =>
        [.. (Statuses is { Length: > 0 } ? Statuses : ["queued", "pending", "processing", "failed"])
            .Concat(EffectiveWaitingStatuses).Concat(EffectiveFailedStatuses).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The waiting statuses in force; default <c>queued, pending</c>.</summary>
    public IReadOnlyList<string> EffectiveWaitingStatuses => WaitingStatuses is { Length: > 0 } ? WaitingStatuses : ["queued", "pending"];

    /// <summary>The failed statuses in force; default <c>failed</c>.</summary>
    public IReadOnlyList<string> EffectiveFailedStatuses => FailedStatuses is { Length: > 0 } ? FailedStatuses : ["failed"];

    /// <summary>The name shown in reports.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Table : Name;
}
