using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Runbook.Operations;

namespace Runbook.Reports;

/// <summary>
/// A small JSON state blob read and written with ETag conditions: a change is computed on the state as read and written
/// only if nobody wrote in between; a lost race is retried on fresh state, and after five losses answered as a
/// conflict. Several instances changing the same state at once therefore never overwrite each other. A missing blob
/// (or container) reads as <c>empty()</c>.
/// </summary>
/// <typeparam name="T">The stored shape, serialized with <see cref="ReportJson.Options"/>.</typeparam>
public sealed class JsonStateBlob<T>(RunbookBlobService blobs, string container, string name, Func<T> empty, string conflictMessage)
    where T : class
{
    private const int Attempts = 5;
    private volatile bool _containerExists;

    /// <summary>The state as stored now, with its ETag (null when there is no blob yet).</summary>
    public async Task<(T State, ETag? ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        var blob = blobs.GetContainer(container).GetBlobClient(name);
        return await blobs.RunAsync(
            async token =>
            {
                try
                {
                    var content = await blob.DownloadContentAsync(token);
                    return (content.Value.Content.ToObjectFromJson<T>(ReportJson.Options) ?? empty(), (ETag?)content.Value.Details.ETag);
                }
                catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    return (empty(), null);
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored state and writes it if nobody wrote in between, else retries on
    /// fresh state. <paramref name="change"/> may throw to refuse (nothing is written), may be called more than once, and
    /// returns its argument itself to write nothing. Returns the state written, or the state read when unchanged.
    /// </summary>
    public async Task<T> UpdateAsync(Func<T, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (state, etag) = await ReadAsync(cancellationToken);
            var next = change(state);
            if (ReferenceEquals(next, state))
            {
                return state;
            }

            try
            {
                await WriteAsync(next, etag, cancellationToken);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Someone else wrote first: compute the change again on what they wrote.
            }
        }

        throw new ConflictException(conflictMessage);
    }

    private async Task WriteAsync(T state, ETag? etag, CancellationToken cancellationToken)
    {
        var blob = blobs.GetContainer(container).GetBlobClient(name);
        var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(state, ReportJson.Options));
        var conditions = etag is { } current ? new BlobRequestConditions { IfMatch = current } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await blobs.RunAsync(
            async token =>
            {
                if (!_containerExists)
                {
                    await blobs.GetContainer(container).CreateIfNotExistsAsync(cancellationToken: token);
                    _containerExists = true;
                }

                await blob.UploadAsync(json, new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, token);
                return true;
            },
            cancellationToken);
    }
}
