using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runbook.Configuration;
using Runbook.Targets;
using Runbook.Tasks;

namespace Runbook.Outbox;

/// <summary>Registers the e-mail outbox.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Outbox and SMTP options (<c>Runbook:Outbox</c>, <c>Runbook:Smtp</c>), the per-engine outbox dialects, the migrator, the processor and the every-minute timer job.</summary>
    public static IServiceCollection AddRunbookOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<OutboxOptions, OutboxOptionsValidator>(configuration, OutboxOptions.SectionName);
        services.AddRunbookSection<SmtpOptions, SmtpOptionsValidator>(configuration, SmtpOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunbookOptions>, OutboxTargetsValidator>());
        services.AddRunbookProviderService<IOutboxDialect, PostgreSqlOutboxDialect>(DatabaseProvider.PostgreSql, "the e-mail outbox");
        services.AddRunbookProviderService<IOutboxDialect, MySqlOutboxDialect>(DatabaseProvider.MySql, "the e-mail outbox");
        services.TryAddSingleton<OutboxMigrator>();
        services.TryAddSingleton<OutboxProcessor>();
        services.TryAddSingleton<OutboxOperations>();
        services.TryAddSingleton<OutboxTimerJob>();
        services.AddRunbookScheduledJob<OutboxTimerJob>();
        services.TryAddSingleton(sp =>
        {
            // As for connection strings: a host's own SecretClient (tests register one), else one for the configured vault.
            var targets = sp.GetRequiredService<IOptions<RunbookOptions>>();
            var vault = targets.Value.KeyVault.VaultUri;
            var secrets = sp.GetService<SecretClient>() ?? (vault is null ? null : new SecretClient(vault, new DefaultAzureCredential()));
            return new SmtpConnector(sp.GetRequiredService<IOptions<SmtpOptions>>(), targets, sp.GetRequiredService<TimeProvider>(), secrets);
        });
        return services;
    }
}
