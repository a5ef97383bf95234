using System.Globalization;
using Azure.Storage.Blobs;

namespace Runbook.Reports;

/// <summary>
/// The data storage account (<c>Runbook:Storage</c>) shared by every capability that keeps blobs (reports, task
/// switches, audit), with every operation bounded by <see cref="ReportStorageOptions.Timeout"/>, retries included.
/// </summary>
public class RunbookBlobService
{
    private readonly BlobServiceClient? _client;
    private readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    /// <summary>For mocking.</summary>
    protected RunbookBlobService()
    {
    }

    /// <summary>Wraps <paramref name="client"/>; null means storage is not configured.</summary>
    public RunbookBlobService(BlobServiceClient? client, TimeSpan timeout)
    {
        _client = client;
        _timeout = timeout;
    }

    /// <summary>True when storage is configured.</summary>
    public virtual bool IsConfigured => _client is not null;

    /// <summary>A container of the account; throws when storage is not configured.</summary>
    public virtual BlobContainerClient GetContainer(string name) =>
        (_client ?? throw new InvalidOperationException(ReportStorageOptions.NotConfiguredMessage)).GetBlobContainerClient(name);

    /// <summary>Runs <paramref name="operation"/> within the storage timeout; past it, a <see cref="TimeoutException"/> that says what to check.</summary>
    public virtual async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            return await operation(deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"Blob Storage did not complete the operation within {_timeout.TotalSeconds:0.#} s ({ReportStorageOptions.SectionName}:Timeout); check that the account is reachable from here."),
                e);
        }
    }
}
