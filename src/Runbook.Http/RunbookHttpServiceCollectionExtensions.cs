using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
}
