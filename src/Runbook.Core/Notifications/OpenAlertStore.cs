using Microsoft.Extensions.Options;
using Runbook.Reports;
using Runbook.Tasks;

namespace Runbook.Notifications;

/// <summary>
/// The open alerts by key, in a blob beside the task switches written under ETag conditions, so that several instances
/// raising the same alert at once send it once. Without storage (a CLI run on a laptop) they live in this process only.
/// Members are virtual for fault tests.
/// </summary>
public class OpenAlertStore
{
    private readonly JsonStateBlob<Dictionary<string, OpenAlert>>? _blob;
    private readonly Lock _gate = new();
    private Dictionary<string, OpenAlert> _memory = [];

    /// <summary>For mocking.</summary>
    protected OpenAlertStore()
    {
    }

    /// <summary>Creates the store over the data storage account (or in memory when none is configured).</summary>
    public OpenAlertStore(RunbookBlobService blobs, IOptions<NotificationOptions> options, IOptions<TaskOptions> tasks)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tasks);
        _blob = blobs.IsConfigured
            ? new JsonStateBlob<Dictionary<string, OpenAlert>>(
                blobs, tasks.Value.ControlContainer, options.Value.StateBlob, () => [], "The open alerts were changed by other instances five times in a row.")
            : null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the open alerts and stores the result if nobody wrote in between (else tries
    /// again on fresh state); <paramref name="change"/> returns its argument itself to store nothing.
    /// </summary>
    public virtual async Task UpdateAsync(Func<Dictionary<string, OpenAlert>, Dictionary<string, OpenAlert>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_blob is not null)
        {
            await _blob.UpdateAsync(change, cancellationToken);
            return;
        }

        lock (_gate)
        {
            _memory = change(_memory);
        }
    }
}
