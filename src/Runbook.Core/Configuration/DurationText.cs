using System.Globalization;
using System.Text.RegularExpressions;

namespace Runbook.Configuration;

/// <summary>
/// The one duration syntax configuration accepts: <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>, with an optional fraction
/// of a second. <see cref="TimeSpan.Parse(string)"/> alone reads <c>"30"</c> as 30 days and <c>"25:00:00"</c> as
/// 25 days; neither is what a person writing them meant.
/// </summary>
public static partial class DurationText
{
    /// <summary>What a valid value looks like, for messages.</summary>
    public const string Expected = "hh:mm:ss or d.hh:mm:ss (for example 00:00:10 for ten seconds, 1.00:00:00 for a day)";

    /// <summary>Parses <paramref name="text"/> in the documented form only.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var days = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
        var hours = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        if (hours > 23 || minutes > 59 || seconds > 59)
        {
            return false;
        }

        var ticks = match.Groups["f"].Success ? long.Parse(match.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
        value = new TimeSpan(days, hours, minutes, seconds) + TimeSpan.FromTicks(ticks);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<d>\d{1,5})\.)?(?<h>\d{1,2}):(?<m>\d{2}):(?<s>\d{2})(?:\.(?<f>\d{1,7}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
