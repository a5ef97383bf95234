using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runbook.Configuration;

namespace Runbook.Audit;

/// <summary>Registers the audit trail.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>Audit options (<c>Runbook:Audit</c>) and the trail.</summary>
    public static IServiceCollection AddRunbookAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<AuditOptions, AuditOptionsValidator>(configuration, AuditOptions.SectionName);
        services.TryAddSingleton<AuditTrail>();
        return services;
    }
}
