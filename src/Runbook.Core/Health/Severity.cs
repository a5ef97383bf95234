namespace Runbook.Health;

/// <summary>How bad a finding is. Ordered, so the worst of several is their maximum.</summary>
public enum Severity
{
    /// <summary>Within thresholds.</summary>
    Normal = 0,

    /// <summary>Needs a look today.</summary>
    Warning = 1,

    /// <summary>Needs someone now.</summary>
    Critical = 2,
}
