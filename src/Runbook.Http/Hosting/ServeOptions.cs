namespace Runbook.Http.Hosting;

/// <summary>
/// <c>runbook serve</c> (<c>Runbook:Serve</c>): the keys it checks the way the Functions host does. Function keys open
/// Function-level routes; the master key opens every route.
/// </summary>
public sealed class ServeOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Serve";

    /// <summary>The shortest key accepted.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Keys for Function-level routes (<c>Runbook:Serve:FunctionKeys:0</c>, ...).</summary>
    public string[]? FunctionKeys { get; set; }

    /// <summary>The key for every route, Admin-level ones included.</summary>
    public string? MasterKey { get; set; }

    /// <summary>True when at least one key is configured.</summary>
    public bool HasKeys => !string.IsNullOrEmpty(MasterKey) || FunctionKeys is { Length: > 0 };
}
