using System.Globalization;

namespace Runbook.Health.ServerChecks;

/// <summary>How the server checks write figures: invariant culture, durations as <c>d.hh:mm:ss</c>, bytes in binary units.</summary>
public static class ServerCheckText
{
    /// <summary>The text in the invariant culture.</summary>
    public static string Format(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A duration in whole seconds, <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>.</summary>
    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(seconds)));
        return span.ToString(span.Days > 0 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A time from a statistics view, or "never".</summary>
    public static string Time(DateTime? time) =>
        time is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>The worst severity of <paramref name="items"/>, Normal when there are none.</summary>
    public static Severity Worst(IEnumerable<ServerCheckItem> items) => items.Select(i => i.Severity).DefaultIfEmpty(Severity.Normal).Max();
}
