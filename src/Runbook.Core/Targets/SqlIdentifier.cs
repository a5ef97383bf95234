using System.Text.RegularExpressions;

namespace Runbook.Targets;

/// <summary>
/// A table or column name that came from configuration: checked against a strict pattern once, so that it can be
/// quoted into SQL safely. An optional schema prefix is allowed (<c>schema.table</c>).
/// </summary>
public sealed partial class SqlIdentifier : IEquatable<SqlIdentifier>
{
    private SqlIdentifier(IReadOnlyList<string> parts) => Parts = parts;

    /// <summary>The dot-separated parts, each a plain identifier.</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>The last part: the table or column itself.</summary>
    public string Name => Parts[^1];

    /// <summary>True when <paramref name="value"/> is one or two plain identifiers joined by a dot.</summary>
    public static bool IsValid(string? value, bool allowSchema = true) => TryParse(value, allowSchema, out _);

    /// <summary>Parses <paramref name="value"/>; throws <see cref="FormatException"/> saying what is allowed.</summary>
    public static SqlIdentifier Parse(string? value, bool allowSchema = true) =>
        TryParse(value, allowSchema, out var identifier)
            ? identifier
            : throw new FormatException(Describe(value, allowSchema));

    /// <summary>Parses <paramref name="value"/> without throwing.</summary>
    public static bool TryParse(string? value, bool allowSchema, out SqlIdentifier identifier)
    {
        identifier = null!;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length > (allowSchema ? 2 : 1) || !parts.All(part => PlainIdentifier().IsMatch(part)))
        {
            return false;
        }

        identifier = new SqlIdentifier(parts);
        return true;
    }

    /// <summary>The message used when a value is not a valid identifier.</summary>
    public static string Describe(string? value, bool allowSchema) =>
        $"'{value}' is not a valid SQL identifier: use letters, digits and underscores, starting with a letter or underscore, at most 63 characters{(allowSchema ? ", optionally prefixed by a schema name and a dot" : string.Empty)}.";

    /// <inheritdoc />
    public override string ToString() => string.Join('.', Parts);

    /// <inheritdoc />
    public bool Equals(SqlIdentifier? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SqlIdentifier);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainIdentifier();
}
