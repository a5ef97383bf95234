using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook;

/// <summary>Registers Runbook's jobs for any host: the Functions app, the CLI, tests.</summary>
public static class RunbookCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds targets, report storage and every job, binding options from <paramref name="configuration"/>
    /// and validating them at start-up (<c>ValidateOnStart</c>).
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
            .AddRunbookHealthCheck(configuration);
    }

    /// <summary>Target options, dialects and the connector (with Key Vault when a vault is configured).</summary>
    public static IServiceCollection AddRunbookTargets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RunbookOptions>().Bind(configuration.GetSection(RunbookOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RunbookOptions>, RunbookOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseDialect, PostgreSqlDialect>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseDialect, MySqlDialect>());
        services.TryAddSingleton(sp =>
        {
            // A host may register its own SecretClient (tests do); otherwise one is made for the configured vault.
            var vault = sp.GetRequiredService<IOptions<RunbookOptions>>().Value.KeyVault.VaultUri;
            var secrets = sp.GetService<SecretClient>() ?? (vault is null ? null : new SecretClient(vault, new DefaultAzureCredential()));
            return new TargetConnector(sp.GetServices<IDatabaseDialect>(), secrets);
        });
        return services;
    }

    /// <summary>The report container in Blob Storage.</summary>
    public static IServiceCollection AddRunbookReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportStorageOptions>().Bind(configuration.GetSection(ReportStorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportStorageOptions>, ReportStorageOptionsValidator>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReportStorageOptions>>().Value;
            BlobServiceClient? blobs = options switch
            {
                { ConnectionString: { Length: > 0 } connectionString } => new BlobServiceClient(connectionString),
                { BlobServiceUri: { } uri } => new BlobServiceClient(uri, new DefaultAzureCredential()),
                _ => null,
            };
            return new ReportStore(blobs?.GetBlobContainerClient(options.ReportsContainer));
        });
        return services;
    }

    /// <summary>The daily health check.</summary>
    public static IServiceCollection AddRunbookHealthCheck(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthCheckOptions>().Bind(configuration.GetSection(HealthCheckOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthCheckOptions>, HealthCheckOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServerHealthProbe, PostgreSqlHealthProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServerHealthProbe, MySqlHealthProbe>());
        services.TryAddSingleton<AppTableInspector>();
        services.TryAddSingleton<HealthReportWriter>();
        services.TryAddSingleton<HealthCheckJob>();
        return services;
    }
}
