using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runbook.Configuration;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>Registers the e-mail outbox.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Outbox and SMTP options (<c>Runbook:Outbox</c>, <c>Runbook:Smtp</c>), the per-engine outbox dialects and the migrator.</summary>
    public static IServiceCollection AddRunbookOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<OutboxOptions, OutboxOptionsValidator>(configuration, OutboxOptions.SectionName);
        services.AddRunbookSection<SmtpOptions, SmtpOptionsValidator>(configuration, SmtpOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunbookOptions>, OutboxTargetsValidator>());
        services.AddRunbookProviderService<IOutboxDialect, PostgreSqlOutboxDialect>(DatabaseProvider.PostgreSql, "the e-mail outbox");
        services.AddRunbookProviderService<IOutboxDialect, MySqlOutboxDialect>(DatabaseProvider.MySql, "the e-mail outbox");
        services.TryAddSingleton<OutboxMigrator>();
        return services;
    }
}
