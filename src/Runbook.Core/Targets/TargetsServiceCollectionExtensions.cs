using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Targets;

/// <summary>Registers targets: options, dialects, provider services and the session factory.</summary>
public static class TargetsServiceCollectionExtensions
{
    /// <summary>Target options (the <c>Runbook</c> section), dialects and the session factory (with Key Vault when a vault is configured).</summary>
    public static IServiceCollection AddRunbookTargets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<RunbookOptions, RunbookOptionsValidator>(configuration, RunbookOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunbookOptions>, ProviderServicesValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseDialect, PostgreSqlDialect>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseDialect, MySqlDialect>());
        services.TryAddSingleton(sp =>
        {
            // A host may register its own SecretClient (tests do); otherwise one is made for the configured vault.
            var options = sp.GetRequiredService<IOptions<RunbookOptions>>();
            var vault = options.Value.KeyVault.VaultUri;
            var secrets = sp.GetService<SecretClient>() ?? (vault is null ? null : new SecretClient(vault, new DefaultAzureCredential()));
            return new TargetSessionFactory(
                sp, sp.GetServices<IDatabaseDialect>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TargetSessionFactory>>(), secrets);
        });
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> as <paramref name="capability"/>'s <typeparamref name="TService"/> for
    /// <paramref name="provider"/> (a keyed service that <see cref="TargetSession.GetRequiredService{T}"/> finds), and
    /// makes start-up refuse a configured provider that has none.
    /// </summary>
    public static IServiceCollection AddRunbookProviderService<TService, TImplementation>(this IServiceCollection services, DatabaseProvider provider, string capability)
        where TService : class
        where TImplementation : class, TService
    {
        services.TryAddKeyedSingleton<TService, TImplementation>(provider);
        if (!services.Any(d => d.ImplementationInstance is ProviderServiceRequirement r && r.ServiceType == typeof(TService)))
        {
            services.AddSingleton(new ProviderServiceRequirement(typeof(TService), capability));
        }

        return services;
    }
}
