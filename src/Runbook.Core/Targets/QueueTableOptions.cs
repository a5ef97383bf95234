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

    /// <summary>The item's key, for listing items and requeueing one.</summary>
    public string IdColumn { get; set; } = "id";

    /// <summary>A retry counter a requeue resets to 0 (seed 004: <c>retry_count</c>); none when unset.</summary>
    public string? RetryCountColumn { get; set; }

    /// <summary>The last error a requeue clears to NULL (seed 004: <c>last_error</c>); none when unset.</summary>
    public string? LastErrorColumn { get; set; }

    /// <summary>The status a requeue sets; default the first waiting status.</summary>
    public string? RequeueStatus { get; set; }

    /// <summary>
    /// The application's own clear function (seed 004: <c>admin_clear_shopify_sync_queue</c>), called with the status and
    /// returning how many rows it removed, instead of Runbook's own DELETE.
    /// </summary>
    public string? ClearFunction { get; set; }

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

    /// <summary>The status a requeue sets.</summary>
    public string EffectiveRequeueStatus => string.IsNullOrWhiteSpace(RequeueStatus) ? EffectiveWaitingStatuses[0] : RequeueStatus;

    /// <summary>The name shown in reports.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Table : Name;
}
