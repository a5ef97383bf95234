namespace Runbook.Scheduling;

/// <summary>
/// A timer job: the function that runs it, the app setting holding its NCRONTAB schedule (six fields, with
/// seconds, in UTC), and the schedule used when the setting is absent from the sample settings.
/// </summary>
/// <param name="Name">The task name operators use (<c>health-check</c>): routes, the CLI, the switch blob, the audit.</param>
/// <param name="FunctionName">The Azure Function's name.</param>
/// <param name="SettingName">The app setting the timer trigger reads as <c>%SettingName%</c>.</param>
/// <param name="DefaultSchedule">The default six-field NCRONTAB expression.</param>
/// <param name="Description">What runs, for docs and listings.</param>
public sealed record JobSchedule(string Name, string FunctionName, string SettingName, string DefaultSchedule, string Description)
{
    /// <summary>The timer attribute's argument: <c>%SettingName%</c>.</summary>
    public string TriggerExpression => $"%{SettingName}%";
}
