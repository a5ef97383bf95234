using Runbook.Outbox;

namespace Runbook.Targets;

/// <summary>One target database and the app tables Runbook reads in it.</summary>
public sealed class TargetOptions
{
    /// <summary>A short name used in reports, blob paths and the <c>--target</c> option.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>PostgreSql</c> or <c>MySql</c> (MySQL 8 and MariaDB 10.6+).</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>The connection string itself (local settings). Set this or <see cref="ConnectionStringSecret"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The name of a Key Vault secret holding the connection string (in Azure).</summary>
    public string? ConnectionStringSecret { get; set; }

    /// <summary>The application's error-log table, if it has one.</summary>
    public ErrorLogTableOptions? ErrorLog { get; set; }

    /// <summary>The application's promotions table, if it has one (seed 000 §2).</summary>
    public PromotionTableOptions? Promotions { get; set; }

    /// <summary>Runbook's e-mail outbox in this target, if it has one.</summary>
    public OutboxTableOptions? Outbox { get; set; }

    /// <summary>The application's queue tables (outbox, sync queue...).</summary>
    public IList<QueueTableOptions> Queues { get; } = [];

    /// <summary>
    /// The provider as an enum, from its name only (case-insensitive): numbers such as <c>1</c> and flag lists such as
    /// <c>PostgreSql,MySql</c>, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would accept, are
    /// <see cref="DatabaseProvider.Unspecified"/>.
    /// </summary>
    public DatabaseProvider ProviderKind =>
        Enum.GetValues<DatabaseProvider>().FirstOrDefault(p => p != DatabaseProvider.Unspecified && string.Equals(p.ToString(), Provider?.Trim(), StringComparison.OrdinalIgnoreCase));
}
