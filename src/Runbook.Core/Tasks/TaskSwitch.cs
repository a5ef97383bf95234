namespace Runbook.Tasks;

/// <summary>One timer's switch as stored: absent or enabled means the timer runs.</summary>
/// <param name="Enabled">False while the timer is switched off.</param>
/// <param name="Reason">Why it was switched off (or on), as the operator said.</param>
/// <param name="ChangedBy">Who flipped it last.</param>
/// <param name="ChangedAt">When it was flipped last.</param>
/// <param name="Until">When a disabled switch turns itself back on; null for "until someone enables it".</param>
public sealed record TaskSwitch(bool Enabled, string? Reason, string? ChangedBy, DateTimeOffset? ChangedAt, DateTimeOffset? Until)
{
    /// <summary>True when the timer should run at <paramref name="now"/>: enabled, or disabled with an <c>until</c> that has passed.</summary>
    public bool IsOnAt(DateTimeOffset now) => Enabled || (Until is { } until && until <= now);
}
