using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;
using Runbook.Tasks;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>Registers backups.</summary>
public static class BackupsServiceCollectionExtensions
{
    /// <summary>
    /// The dumper of each provider, keyed by <see cref="DatabaseProvider"/> (<c>session.GetRequiredService&lt;IDatabaseDumper&gt;()</c>),
    /// the <c>Runbook:Backups</c> options, the backups container, verification, the restore drill, retention and the daily backup timer job.
    /// </summary>
    public static IServiceCollection AddRunbookBackups(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddRunbookProviderService<IDatabaseDumper, PostgreSqlDumper>(DatabaseProvider.PostgreSql, "backups");
        services.AddRunbookProviderService<IDatabaseDumper, MySqlDumper>(DatabaseProvider.MySql, "backups");
        services.AddRunbookProviderService<IDumpRestorer, PostgreSqlRestorer>(DatabaseProvider.PostgreSql, "backups");
        services.AddRunbookProviderService<IDumpRestorer, MySqlRestorer>(DatabaseProvider.MySql, "backups");
        services.AddRunbookSection<BackupOptions, BackupOptionsValidator>(configuration, BackupOptions.SectionName);
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<BackupVerifier>();
        services.TryAddSingleton<BackupPruner>();
        services.TryAddSingleton<BackupRestorer>();
        services.TryAddSingleton<BackupDrill>();
        services.TryAddSingleton<BackupJob>();
        services.AddRunbookScheduledJob<BackupJob>();
        return services;
    }
}
