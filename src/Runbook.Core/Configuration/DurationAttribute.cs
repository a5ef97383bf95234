using System.Globalization;

namespace Runbook.Configuration;

/// <summary>
/// Bounds a <see cref="TimeSpan"/> option. The start-up check accepts only the documented forms
/// (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>, optional fraction) and refuses values outside [Min, Max], naming the key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationAttribute(string min, string max) : Attribute
{
    /// <summary>The smallest value accepted.</summary>
    public TimeSpan Min { get; } = TimeSpan.Parse(min, CultureInfo.InvariantCulture);

    /// <summary>The largest value accepted.</summary>
    public TimeSpan Max { get; } = TimeSpan.Parse(max, CultureInfo.InvariantCulture);
}
