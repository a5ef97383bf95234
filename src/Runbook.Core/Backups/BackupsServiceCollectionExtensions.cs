using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        // Registered directly rather than with AddRunbookProviderService, whose start-up check would refuse every MySQL
        // target until the MySQL dumper exists. The MySQL step registers both providers through AddRunbookProviderService.
        services.TryAddKeyedSingleton<IDatabaseDumper, PostgreSqlDumper>(DatabaseProvider.PostgreSql);
        return services;
    }
}
