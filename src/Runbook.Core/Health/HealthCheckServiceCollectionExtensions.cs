using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;
using Runbook.Health.ServerChecks;
using Runbook.Health.ServerChecks.MySql;
using Runbook.Health.ServerChecks.PostgreSql;
using Runbook.Targets;
using Runbook.Tasks;

namespace Runbook.Health;

/// <summary>Registers the daily health check.</summary>
public static class HealthCheckServiceCollectionExtensions
{
    /// <summary>Thresholds (<c>Runbook:HealthCheck</c>), one server probe and one set of server checks per provider, the job and its report writer.</summary>
    public static IServiceCollection AddRunbookHealthCheck(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<HealthCheckOptions, HealthCheckOptionsValidator>(configuration, HealthCheckOptions.SectionName);
        services.AddRunbookProviderService<IServerHealthProbe, PostgreSqlHealthProbe>(DatabaseProvider.PostgreSql, "the health check");
        services.AddRunbookProviderService<IServerHealthProbe, MySqlHealthProbe>(DatabaseProvider.MySql, "the health check");
        services.AddRunbookProviderService<IServerCheckSet, PostgreSqlServerChecks>(DatabaseProvider.PostgreSql, "the health check's server checks");
        services.AddRunbookProviderService<IServerCheckSet, MySqlServerChecks>(DatabaseProvider.MySql, "the health check's server checks");
        services.TryAddSingleton<AppTableInspector>();
        services.TryAddSingleton<HealthReportWriter>();
        services.TryAddSingleton<HealthCheckJob>();
        services.AddRunbookScheduledJob<HealthCheckJob>();
        return services;
    }
}
