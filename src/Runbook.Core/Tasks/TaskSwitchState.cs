namespace Runbook.Tasks;

/// <summary>The switch blob: every timer's switch by task name. Timers not listed run.</summary>
public sealed record TaskSwitchState
{
    /// <summary>Switches by task name (<c>health-check</c>).</summary>
    public IReadOnlyDictionary<string, TaskSwitch> Switches { get; init; } = new Dictionary<string, TaskSwitch>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy with <paramref name="task"/>'s switch replaced.</summary>
    public TaskSwitchState With(string task, TaskSwitch value) =>
        new() { Switches = new Dictionary<string, TaskSwitch>(Switches, StringComparer.OrdinalIgnoreCase) { [task] = value } };
}
