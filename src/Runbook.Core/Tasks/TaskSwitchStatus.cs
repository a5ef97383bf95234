namespace Runbook.Tasks;

/// <summary>One timer as an operator sees it: what it is, when it runs, and whether it is switched on now.</summary>
/// <param name="Name">The task name used in routes and the CLI (<c>health-check</c>).</param>
/// <param name="Function">The Azure Function that runs it.</param>
/// <param name="Description">What it does.</param>
/// <param name="ScheduleSetting">The app setting holding its NCRONTAB schedule.</param>
/// <param name="Enabled">True when it runs at its next tick.</param>
/// <param name="Reason">The reason given when it was last switched.</param>
/// <param name="ChangedBy">Who switched it last.</param>
/// <param name="ChangedAt">When it was switched last.</param>
/// <param name="Until">When a disabled timer turns itself back on.</param>
/// <param name="ReenabledAutomatically">True when it was disabled with an <c>until</c> that has passed.</param>
public sealed record TaskSwitchStatus(
    string Name,
    string Function,
    string Description,
    string ScheduleSetting,
    bool Enabled,
    string? Reason,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    DateTimeOffset? Until,
    bool ReenabledAutomatically);
