using Microsoft.Extensions.Configuration;
using Runbook.Audit;
using Runbook.Backups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Health;
using Runbook.Notifications;
using Runbook.Outbox;
using Runbook.Promotions;
using Runbook.Queues;
using Runbook.Reports;
using Runbook.Targets;
using Runbook.Tasks;

namespace Runbook;

/// <summary>Registers Runbook's jobs for any host: the Functions app, the CLI, tests.</summary>
public static class RunbookCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds targets, report storage and every capability, binding options from <paramref name="configuration"/> and
    /// validating them, and every key under <c>Runbook</c>, at start-up (<c>ValidateOnStart</c>).
    /// </summary>
    public static IServiceCollection AddRunbookCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        return services
            .AddRunbookTargets(configuration)
            .AddRunbookReports(configuration)
            .AddRunbookAudit(configuration)
            .AddRunbookTasks(configuration)
            .AddRunbookHealthCheck(configuration)
            .AddRunbookQueues(configuration)
            .AddRunbookPromotions(configuration)
            .AddRunbookBackups(configuration)
            .AddRunbookOutbox(configuration)
            .AddRunbookNotifications(configuration);
    }
}
