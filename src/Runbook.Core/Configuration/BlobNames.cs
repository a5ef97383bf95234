using System.Text.RegularExpressions;

namespace Runbook.Configuration;

/// <summary>The Blob Storage naming rules configuration is checked against.</summary>
public static partial class BlobNames
{
    /// <summary>What a container name may be, for messages.</summary>
    public const string ContainerRule = "3-63 lowercase letters, digits and single hyphens";

    /// <summary>True when <paramref name="name"/> is a valid container name.</summary>
    public static bool IsContainerName(string? name) => ContainerName().IsMatch(name ?? string.Empty);

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
