namespace Runbook.Targets;

/// <summary>The <c>Runbook</c> configuration section: the databases this deployment watches.</summary>
public sealed class RunbookOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook";

    /// <summary>One entry per target database (<c>Runbook:Targets:0:Name</c>, ...).</summary>
    public IList<TargetOptions> Targets { get; } = [];

    /// <summary>Where secrets named by <see cref="TargetOptions.ConnectionStringSecret"/> live.</summary>
    public KeyVaultOptions KeyVault { get; set; } = new();

    /// <summary>The configuration key of <paramref name="target"/> (<c>Runbook:Targets:0</c>), for messages.</summary>
    public string KeyOf(TargetOptions target) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SectionName}:Targets:{Targets.IndexOf(target)}");

    /// <summary>Finds a target by name (case-insensitive), or null.</summary>
    public TargetOptions? FindTarget(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds a target by name, or throws <see cref="UnknownTargetException"/> listing the configured names.</summary>
    public TargetOptions GetTarget(string name) =>
        FindTarget(name) ?? throw new UnknownTargetException(name, Targets.Select(t => t.Name));
}
