using System.Data.Common;

namespace Runbook.Health.ServerChecks;

/// <summary>The common part of every server check: its names, the argument checks, and a result judged from its items.</summary>
/// <param name="name">The finding id.</param>
/// <param name="description">What is read, for "Could not read ...".</param>
/// <param name="requiredGrant">The statement that grants what the check needs.</param>
public abstract class ServerCheck(string name, string description, string requiredGrant) : IServerCheck
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Description { get; } = description;

    /// <inheritdoc />
    public string RequiredGrant { get; } = requiredGrant;

    /// <inheritdoc />
    public Task<ServerCheckResult> RunAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        return CheckAsync(connection, options, cancellationToken);
    }

    /// <summary>Reads and judges; the arguments are not null.</summary>
    protected abstract Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken);

    /// <summary>The result whose severity is the worst of <paramref name="items"/>.</summary>
    protected ServerCheckResult Judged(string message, IReadOnlyList<ServerCheckItem> items) => new(Name, ServerCheckText.Worst(items), message, items);
}
