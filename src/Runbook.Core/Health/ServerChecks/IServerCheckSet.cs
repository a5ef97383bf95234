namespace Runbook.Health.ServerChecks;

/// <summary>The server-level checks of one engine, in report order; registered keyed by provider.</summary>
public interface IServerCheckSet
{
    /// <summary>The checks to run on every target of this provider.</summary>
    IReadOnlyList<IServerCheck> Checks { get; }
}
