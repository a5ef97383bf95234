namespace Runbook.Configuration;

/// <summary>
/// Stands for the raw <c>Runbook</c> configuration, so that <see cref="ConfigurationShapeValidator"/> runs at start-up
/// beside the options validators. It binds nothing, so a section the binder chokes on cannot hide the other problems.
/// </summary>
public sealed class ConfigurationShape
{
}
