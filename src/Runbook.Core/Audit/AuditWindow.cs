using System.Globalization;
using System.Text.RegularExpressions;
using Runbook.Operations;

namespace Runbook.Audit;

/// <summary>
/// The times an audit query takes: an ISO 8601 time (<c>2026-11-23T09:00:00Z</c>) or a span back from now
/// (<c>30m</c>, <c>2h</c>, <c>7d</c>), the way an operator says "the last two hours".
/// </summary>
public static partial class AuditWindow
{
    /// <summary>Parses <paramref name="text"/>; null gives <paramref name="fallback"/>. Throws <see cref="InvalidRequestException"/> naming <paramref name="name"/>.</summary>
    public static DateTimeOffset Parse(string? text, string name, DateTimeOffset now, DateTimeOffset fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (Relative().Match(text) is { Success: true } match)
        {
            var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "m" => now.AddMinutes(-amount),
                "h" => now.AddHours(-amount),
                _ => now.AddDays(-amount),
            };
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && text.Contains('T', StringComparison.Ordinal)
            ? time
            : throw new InvalidRequestException($"'{name}' must be an ISO 8601 time (2026-11-23T09:00:00Z) or a span back from now (30m, 2h, 7d).");
    }

    /// <summary>An operation or target filter: letters, digits and <c>. _ - : * /</c>, at most 100 characters.</summary>
    public static string? Filter(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
        : FilterPattern().IsMatch(text) ? text
        : throw new InvalidRequestException($"'{name}' may hold only letters, digits and . _ - : * / (at most 100 characters).");

    [GeneratedRegex("^([0-9]{1,4})([mhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex("^[A-Za-z0-9._:*/-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex FilterPattern();
}
