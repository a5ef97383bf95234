using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Runbook.Reports;

/// <summary>
/// Writes and reads report blobs in the reports container. Members are virtual so callers can be tested
/// with a store that fails.
/// </summary>
public class ReportStore
{
    private readonly BlobContainerClient? _container;
    private volatile bool _containerExists;

    /// <summary>For mocking.</summary>
    protected ReportStore()
    {
    }

    /// <summary>Creates a store over <paramref name="container"/>; null means storage is not configured.</summary>
    public ReportStore(BlobContainerClient? container) => _container = container;

    /// <summary>True when reports can be written.</summary>
    public virtual bool IsConfigured => _container is not null;

    /// <summary>Writes (or overwrites) one report blob; returns its location as <c>container/name</c>.</summary>
    public virtual async Task<string> WriteAsync(string blobName, BinaryData content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(content);
        var container = Container;
        if (!_containerExists)
        {
            // Once per store; a failure is retried on the next write rather than remembered as done.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _containerExists = true;
        }

        var blob = container.GetBlobClient(blobName);
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return $"{container.Name}/{blobName}";
    }

    /// <summary>Reads one report blob, or null when it does not exist.</summary>
    public virtual async Task<BinaryData?> ReadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var blob = Container.GetBlobClient(blobName);
        try
        {
            var result = await blob.DownloadContentAsync(cancellationToken);
            return result.Value.Content;
        }
        catch (Azure.RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
    }

    private BlobContainerClient Container =>
        _container ?? throw new InvalidOperationException(ReportStorageOptions.NotConfiguredMessage);
}
