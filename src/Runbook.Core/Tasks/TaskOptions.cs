using Runbook.Configuration;

namespace Runbook.Tasks;

/// <summary>The timer switches (<c>Runbook:Tasks</c>), kept as one JSON blob in the data storage account.</summary>
public sealed class TaskOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Tasks";

    /// <summary>The container holding the switch blob (the Bicep creates <c>control</c>).</summary>
    public string ControlContainer { get; set; } = "control";

    /// <summary>The switch blob's name.</summary>
    public string SwitchesBlob { get; set; } = "task-switches.json";

    /// <summary>A timer disabled longer than this is a Warning in the daily health check, so an incident switch is not forgotten.</summary>
    [Duration("00:01:00", "30.00:00:00")]
    public TimeSpan DisabledWarningAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The furthest ahead a disable's <c>until</c> may be.</summary>
    [Duration("00:01:00", "90.00:00:00")]
    public TimeSpan MaxDisableDuration { get; set; } = TimeSpan.FromDays(14);
}
