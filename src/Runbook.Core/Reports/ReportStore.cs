using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Runbook.Reports;

/// <summary>
/// Writes and reads report blobs in the reports container, each operation bounded by the storage timeout. Members are
/// virtual so callers can be tested with a store that fails.
/// </summary>
public class ReportStore
{
    private readonly BlobContainerClient? _container;
    private readonly RunbookBlobService _blobs = null!;
    private volatile bool _containerExists;

    /// <summary>For mocking.</summary>
    protected ReportStore()
    {
    }

    /// <summary>Creates a store over the <paramref name="containerName"/> container of <paramref name="blobs"/>.</summary>
    public ReportStore(RunbookBlobService blobs, string containerName)
    {
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _container = blobs.IsConfigured ? blobs.GetContainer(containerName) : null;
    }

    /// <summary>True when reports can be written.</summary>
    public virtual bool IsConfigured => _container is not null;

    /// <summary>The container's name, for locations shown to people.</summary>
    public virtual string ContainerName => Container.Name;

    /// <summary>Writes (or overwrites) one report blob; returns its location as <c>container/name</c>.</summary>
    public virtual async Task<string> WriteAsync(string blobName, BinaryData content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(content);
        var container = Container;
        return await _blobs.RunAsync(
            async token =>
            {
                if (!_containerExists)
                {
                    // Once per store; a failure is retried on the next write rather than remembered as done.
                    await container.CreateIfNotExistsAsync(cancellationToken: token);
                    _containerExists = true;
                }

                var blob = container.GetBlobClient(blobName);
                await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, token);
                return $"{container.Name}/{blobName}";
            },
            cancellationToken);
    }

    /// <summary>Reads one report blob, or null when it does not exist.</summary>
    public virtual async Task<BinaryData?> ReadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var blob = Container.GetBlobClient(blobName);
        return await _blobs.RunAsync(
            async token =>
            {
                try
                {
                    var result = await blob.DownloadContentAsync(token);
                    return result.Value.Content;
                }
                catch (Azure.RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    return null;
                }
            },
            cancellationToken);
    }

    private BlobContainerClient Container =>
        _container ?? throw new InvalidOperationException(ReportStorageOptions.NotConfiguredMessage);
}
