using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;
using Runbook.Scheduling;

namespace Runbook.Tasks;

/// <summary>Registers the timer switches and the one timer wrapper.</summary>
public static class TasksServiceCollectionExtensions
{
    /// <summary>Switch options (<c>Runbook:Tasks</c>), the switch store, the switches and <see cref="ScheduledJobRunner"/>.</summary>
    public static IServiceCollection AddRunbookTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<TaskOptions, TaskOptionsValidator>(configuration, TaskOptions.SectionName);
        services.TryAddSingleton<TaskSwitchStore>();
        services.TryAddSingleton<TaskSwitches>();
        services.TryAddSingleton<ScheduledJobRunner>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TJob"/> (already registered as itself) as the job its timer runs.</summary>
    public static IServiceCollection AddRunbookScheduledJob<TJob>(this IServiceCollection services)
        where TJob : class, IScheduledJob
    {
        if (!services.Any(d => d.ServiceType == typeof(IScheduledJob) && d.ImplementationFactory?.Method.ReturnType == typeof(TJob)))
        {
            services.AddSingleton<IScheduledJob>(Resolve<TJob>);
        }

        return services;
    }

    private static TJob Resolve<TJob>(IServiceProvider services)
        where TJob : notnull => services.GetRequiredService<TJob>();
}
