namespace Runbook.Reports;

/// <summary>Where reports are kept (<c>Runbook:Storage</c>): a connection string locally, an address with managed identity in Azure.</summary>
public sealed class ReportStorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Storage";

    /// <summary>A storage connection string (Azurite locally: <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Blob service address, used with DefaultAzureCredential (managed identity in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The container reports are written to.</summary>
    public string ReportsContainer { get; set; } = "reports";

    /// <summary>What to do when storage is needed but not configured.</summary>
    public const string NotConfiguredMessage = "report storage is not configured: set Runbook:Storage:ConnectionString or Runbook:Storage:BlobServiceUri.";

    /// <summary>True when either a connection string or an address is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || BlobServiceUri is not null;
}
