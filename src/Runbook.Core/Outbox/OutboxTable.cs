using System.Globalization;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// The names one target's outbox is reached by, quoted for its engine: the table, the migrations table beside it (in
/// the same schema), and the prefix of its index names.
/// </summary>
/// <param name="Name">The table as configured (<c>app.runbook_outbox</c>).</param>
/// <param name="Quoted">The table, quoted.</param>
/// <param name="QuotedMigrations">The migrations table, quoted.</param>
/// <param name="IndexPrefix">A plain prefix for index and constraint names, short enough for both engines.</param>
public sealed record OutboxTable(string Name, string Quoted, string QuotedMigrations, string IndexPrefix)
{
    /// <summary>The table Runbook records applied migrations in.</summary>
    public const string MigrationsTable = "runbook_migrations";

    /// <summary>The columns Runbook reads and writes; a table that lacks one is not Runbook's outbox.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "message_id", "to_addresses", "cc_addresses", "bcc_addresses", "from_address", "reply_to", "subject", "text_body", "html_body",
        "headers", "status", "attempts", "next_attempt_at", "processing_started_at", "claim_token", "last_error", "created_at", "processed_at",
    ];

    /// <summary>The component the migrations of this table are recorded under.</summary>
    public string Component => "outbox:" + Name;

    /// <summary>The names of <paramref name="options"/>'s table on <paramref name="dialect"/>'s engine.</summary>
    public static OutboxTable For(IDatabaseDialect dialect, OutboxTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(options);
        var table = SqlIdentifier.Parse(options.Table);
        var migrations = SqlIdentifier.Parse(table.Parts.Count > 1 ? $"{table.Parts[0]}.{MigrationsTable}" : MigrationsTable);
        var prefix = table.Name.Length > 48 ? table.Name[..48] : table.Name;
        return new OutboxTable(table.ToString(), dialect.Quote(table), dialect.Quote(migrations), prefix.ToLower(CultureInfo.InvariantCulture));
    }
}
