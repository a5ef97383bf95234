using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;

namespace Runbook.Http;

/// <summary>Registers every handler named in the route table.</summary>
public static class RunbookHttpServiceCollectionExtensions
{
    /// <summary>Adds each <see cref="RunbookRoutes"/> handler as a singleton.</summary>
    public static IServiceCollection AddRunbookHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<RunbookHandlerServices>();
        foreach (var route in RunbookRoutes.All)
        {
            services.TryAddSingleton(route.Handler);
        }

        return services;
    }

    /// <summary>The keys <c>runbook serve</c> checks (<c>Runbook:Serve</c>), validated at start-up and known to the key check.</summary>
    public static IServiceCollection AddRunbookServe(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<ServeOptions, ServeOptionsValidator>(configuration, ServeOptions.SectionName);
        return services;
    }
}
