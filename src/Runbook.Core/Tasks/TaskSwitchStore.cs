using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Runbook.Operations;
using Runbook.Reports;

namespace Runbook.Tasks;

/// <summary>
/// The switch blob, read and written with ETag conditions: a change is computed on the state as read and written only
/// if nobody wrote in between; a lost race is retried on fresh state, and after five losses answered as a conflict.
/// Two operators flipping switches at once therefore never overwrite each other. Members are virtual for fault tests.
/// </summary>
public class TaskSwitchStore
{
    private const int Attempts = 5;
    private readonly RunbookBlobService _blobs = null!;
    private readonly TaskOptions _options = new();
    private volatile bool _containerExists;

    /// <summary>For mocking.</summary>
    protected TaskSwitchStore()
    {
    }

    /// <summary>Creates the store over the data storage account.</summary>
    public TaskSwitchStore(RunbookBlobService blobs, IOptions<TaskOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _options = options.Value;
    }

    /// <summary>True when storage is configured; without it every timer runs and switches cannot be flipped.</summary>
    public virtual bool IsConfigured => _blobs.IsConfigured;

    /// <summary>The switches as stored now (none stored: every timer runs).</summary>
    public virtual async Task<TaskSwitchState> ReadAsync(CancellationToken cancellationToken = default) =>
        (await ReadWithETagAsync(cancellationToken)).State;

    /// <summary>
    /// Applies <paramref name="change"/> to the stored state and writes it if nobody wrote in between, else retries on
    /// fresh state. <paramref name="change"/> may throw to refuse (nothing is written) and may be called more than once.
    /// Returns the state written, or the state read when <paramref name="change"/> returned it unchanged.
    /// </summary>
    public virtual async Task<TaskSwitchState> UpdateAsync(Func<TaskSwitchState, TaskSwitchState> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (state, etag) = await ReadWithETagAsync(cancellationToken);
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

        throw new ConflictException("The task switches were changed by someone else at the same moment, five times in a row; read them again (GET /api/tasks) and retry.");
    }

    private BlobClient Blob => _blobs.GetContainer(_options.ControlContainer).GetBlobClient(_options.SwitchesBlob);

    private async Task<(TaskSwitchState State, ETag? ETag)> ReadWithETagAsync(CancellationToken cancellationToken)
    {
        if (!_blobs.IsConfigured)
        {
            return (new TaskSwitchState(), null);
        }

        var blob = Blob;
        return await _blobs.RunAsync(
            async token =>
            {
                try
                {
                    var content = await blob.DownloadContentAsync(token);
                    var switches = content.Value.Content.ToObjectFromJson<Dictionary<string, TaskSwitch>>(ReportJson.Options) ?? [];
                    return (new TaskSwitchState { Switches = new Dictionary<string, TaskSwitch>(switches, StringComparer.OrdinalIgnoreCase) }, (ETag?)content.Value.Details.ETag);
                }
                catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    return (new TaskSwitchState(), null);
                }
            },
            cancellationToken);
    }

    private async Task WriteAsync(TaskSwitchState state, ETag? etag, CancellationToken cancellationToken)
    {
        var blob = Blob;
        var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(state.Switches, ReportJson.Options));
        var conditions = etag is { } current ? new BlobRequestConditions { IfMatch = current } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await _blobs.RunAsync(
            async token =>
            {
                if (!_containerExists)
                {
                    await _blobs.GetContainer(_options.ControlContainer).CreateIfNotExistsAsync(cancellationToken: token);
                    _containerExists = true;
                }

                await blob.UploadAsync(json, new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, token);
                return true;
            },
            cancellationToken);
    }
}
