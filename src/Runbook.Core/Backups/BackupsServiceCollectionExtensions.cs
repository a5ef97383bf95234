using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>Registers backups.</summary>
public static class BackupsServiceCollectionExtensions
{
    /// <summary>
    /// The dumper of each provider, keyed by <see cref="DatabaseProvider"/> (<c>session.GetRequiredService&lt;IDatabaseDumper&gt;()</c>).
    /// <paramref name="configuration"/> is for the <c>Runbook:Backups</c> section the storage step adds.
    /// </summary>
    public static IServiceCollection AddRunbookBackups(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddRunbookProviderService<IDatabaseDumper, PostgreSqlDumper>(DatabaseProvider.PostgreSql, "backups");
        services.AddRunbookProviderService<IDatabaseDumper, MySqlDumper>(DatabaseProvider.MySql, "backups");
        return services;
    }
}
