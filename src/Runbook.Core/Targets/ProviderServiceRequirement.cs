namespace Runbook.Targets;

/// <summary>
/// A service a capability needs once per database provider (the health check's <c>IServerHealthProbe</c>). Start-up
/// refuses a configured provider that lacks one, so a job never finds out half-way through a run.
/// </summary>
/// <param name="ServiceType">The service, registered keyed by <see cref="DatabaseProvider"/>.</param>
/// <param name="Capability">The capability that needs it, for the message.</param>
public sealed record ProviderServiceRequirement(Type ServiceType, string Capability);
