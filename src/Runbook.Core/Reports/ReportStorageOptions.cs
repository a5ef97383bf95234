using Runbook.Configuration;

namespace Runbook.Reports;

/// <summary>Where reports are kept (<c>Runbook:Storage</c>): a connection string locally, an address with managed identity in Azure.</summary>
public sealed class ReportStorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Storage";

    /// <summary>What to do when storage is needed but not configured.</summary>
    public const string NotConfiguredMessage = "report storage is not configured: set Runbook:Storage:ConnectionString or Runbook:Storage:BlobServiceUri.";

    /// <summary>A storage connection string (Azurite locally: <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Blob service address, used with DefaultAzureCredential (managed identity in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The container reports are written to.</summary>
    public string ReportsContainer { get; set; } = "reports";

    /// <summary>
    /// The longest one storage operation may take, retries included: past it the run says the reports could not be
    /// stored instead of hanging on an unreachable or silent endpoint.
    /// </summary>
    [Duration("00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest one HTTP try may take before the SDK retries it (at most three retries).</summary>
    [Duration("00:00:01", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when either a connection string or an address is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || BlobServiceUri is not null;
}
