namespace Runbook.Tasks;

/// <summary>What a switch request did to one timer.</summary>
/// <param name="Before">The timer before the request.</param>
/// <param name="After">The timer after it.</param>
/// <param name="Changed">False when it was already in the state asked for (nothing was written for it).</param>
public sealed record TaskChange(TaskSwitchStatus Before, TaskSwitchStatus After, bool Changed);
