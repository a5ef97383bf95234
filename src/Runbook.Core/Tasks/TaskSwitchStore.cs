using Microsoft.Extensions.Options;
using Runbook.Reports;

namespace Runbook.Tasks;

/// <summary>
/// The switch blob, read and written with ETag conditions (<see cref="JsonStateBlob{T}"/>): two operators flipping
/// switches at once never overwrite each other. Members are virtual for fault tests.
/// </summary>
public class TaskSwitchStore
{
    private readonly RunbookBlobService _blobs = null!;
    private readonly JsonStateBlob<Dictionary<string, TaskSwitch>> _blob = null!;

    /// <summary>For mocking.</summary>
    protected TaskSwitchStore()
    {
    }

    /// <summary>Creates the store over the data storage account.</summary>
    public TaskSwitchStore(RunbookBlobService blobs, IOptions<TaskOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _blob = new JsonStateBlob<Dictionary<string, TaskSwitch>>(
            blobs,
            options.Value.ControlContainer,
            options.Value.SwitchesBlob,
            () => [],
            "The task switches were changed by someone else at the same moment, five times in a row; read them again (GET /api/tasks) and retry.");
    }

    /// <summary>True when storage is configured; without it every timer runs and switches cannot be flipped.</summary>
    public virtual bool IsConfigured => _blobs.IsConfigured;

    /// <summary>The switches as stored now (none stored: every timer runs).</summary>
    public virtual async Task<TaskSwitchState> ReadAsync(CancellationToken cancellationToken = default) =>
        _blobs.IsConfigured ? State((await _blob.ReadAsync(cancellationToken)).State) : new TaskSwitchState();

    /// <summary>
    /// Applies <paramref name="change"/> to the stored state and writes it if nobody wrote in between, else retries on
    /// fresh state. <paramref name="change"/> may throw to refuse (nothing is written) and may be called more than once.
    /// Returns the state written, or the state read when <paramref name="change"/> returned it unchanged.
    /// </summary>
    public virtual async Task<TaskSwitchState> UpdateAsync(Func<TaskSwitchState, TaskSwitchState> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var written = await _blob.UpdateAsync(
            stored =>
            {
                var state = State(stored);
                var next = change(state);
                return ReferenceEquals(next, state) ? stored : new Dictionary<string, TaskSwitch>(next.Switches, StringComparer.OrdinalIgnoreCase);
            },
            cancellationToken);
        return State(written);
    }

    private static TaskSwitchState State(Dictionary<string, TaskSwitch> stored) =>
        new() { Switches = new Dictionary<string, TaskSwitch>(stored, StringComparer.OrdinalIgnoreCase) };
}
