namespace Runbook.Configuration;

/// <summary>
/// A configuration section Runbook reads (<c>Runbook:HealthCheck</c>) and the options type it binds to. Each
/// capability registers its own, so the start-up check knows every key that exists and refuses the rest.
/// </summary>
/// <param name="Path">The section's full key, for example <c>Runbook:HealthCheck</c>.</param>
/// <param name="OptionsType">The type the section binds to.</param>
public sealed record RunbookSection(string Path, Type OptionsType);
