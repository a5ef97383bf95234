using System.Globalization;
using System.Text.RegularExpressions;
using Runbook.Operations;

namespace Runbook.Targets;

/// <summary>A row key given by an operator (in a URL or a command line), checked and typed as its column.</summary>
public static partial class KeyValues
{
    /// <summary>
    /// <paramref name="id"/> as the key column's type: a number for integer keys, a Guid for uuid, text otherwise. Anything
    /// but 1 to 64 letters, digits and <c>. _ - :</c> is refused before it reaches a statement.
    /// </summary>
    public static object Parse(string? id, ColumnType? column, string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (string.IsNullOrEmpty(id) || !Pattern().IsMatch(id))
        {
            throw new InvalidRequestException($"{what} ids are 1 to 64 letters, digits and . _ - :");
        }

        var type = column?.Name ?? string.Empty;
        if (type.Contains("int", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new InvalidRequestException($"{what} ids are whole numbers; '{id}' is not one.");
        }

        if (type.Equals("uuid", StringComparison.OrdinalIgnoreCase))
        {
            return Guid.TryParse(id, out var guid) ? guid : throw new InvalidRequestException($"{what} ids are UUIDs; '{id}' is not one.");
        }

        return id;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
