namespace Runbook.Outbox;

/// <summary>
/// The e-mail outbox in one target (<c>Runbook:Targets:N:Outbox</c>): a table Runbook owns and creates with
/// <c>runbook db migrate</c>, into which the application inserts messages in the same transaction as its own change.
/// </summary>
public sealed class OutboxTableOptions
{
    /// <summary>The default table name.</summary>
    public const string DefaultTable = "runbook_outbox";

    /// <summary>True to migrate and process this target's outbox; false leaves it alone.</summary>
    public bool Enabled { get; set; }

    /// <summary>The table, optionally schema-qualified (<c>app.runbook_outbox</c>).</summary>
    public string Table { get; set; } = DefaultTable;
}
