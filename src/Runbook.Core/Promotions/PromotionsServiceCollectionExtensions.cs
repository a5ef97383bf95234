using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;
using Runbook.Tasks;

namespace Runbook.Promotions;

/// <summary>Registers the promotion operations.</summary>
public static class PromotionsServiceCollectionExtensions
{
    /// <summary>Promotion options (<c>Runbook:Promotions</c>) and the operations.</summary>
    public static IServiceCollection AddRunbookPromotions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<PromotionOptions, PromotionOptionsValidator>(configuration, PromotionOptions.SectionName);
        services.TryAddSingleton<PromotionOperations>();
        services.TryAddSingleton<PromotionExpiryJob>();
        services.AddRunbookScheduledJob<PromotionExpiryJob>();
        return services;
    }
}
