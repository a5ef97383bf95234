using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;

namespace Runbook.Queues;

/// <summary>Registers the queue operations.</summary>
public static class QueuesServiceCollectionExtensions
{
    /// <summary>Queue options (<c>Runbook:Queues</c>) and the operations.</summary>
    public static IServiceCollection AddRunbookQueues(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<QueueOptions, QueueOptionsValidator>(configuration, QueueOptions.SectionName);
        services.TryAddSingleton<QueueOperations>();
        return services;
    }
}
