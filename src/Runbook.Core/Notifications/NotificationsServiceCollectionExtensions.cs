using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;

namespace Runbook.Notifications;

/// <summary>Registers the notifier.</summary>
public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Notification options (<c>Runbook:Notifications</c>), the open-alert store, the e-mail and webhook channels and the notifier.</summary>
    public static IServiceCollection AddRunbookNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.SectionName);
        services.TryAddSingleton<OpenAlertStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, OutboxNotificationChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, WebhookNotificationChannel>());
        services.TryAddSingleton<Notifier>();
        return services;
    }
}
