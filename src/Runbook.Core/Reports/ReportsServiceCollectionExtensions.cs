using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Reports;

/// <summary>Registers report storage.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>The data storage account (<c>Runbook:Storage</c>) with bounded retries and timeouts, and the report container in it.</summary>
    public static IServiceCollection AddRunbookReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRunbookSection<ReportStorageOptions, ReportStorageOptionsValidator>(configuration, ReportStorageOptions.SectionName);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReportStorageOptions>>().Value;
            var clientOptions = new BlobClientOptions();
            clientOptions.Retry.Mode = RetryMode.Exponential;
            clientOptions.Retry.MaxRetries = 3;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
            clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(8);
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
            BlobServiceClient? blobs = options switch
            {
                { ConnectionString: { Length: > 0 } connectionString } => new BlobServiceClient(connectionString, clientOptions),
                { BlobServiceUri: { } uri } => new BlobServiceClient(uri, new DefaultAzureCredential(), clientOptions),
                _ => null,
            };
            return new RunbookBlobService(blobs, options.Timeout);
        });
        services.TryAddSingleton(sp => new ReportStore(
            sp.GetRequiredService<RunbookBlobService>(), sp.GetRequiredService<IOptions<ReportStorageOptions>>().Value.ReportsContainer));
        return services;
    }
}
