using Runbook.Configuration;

namespace Runbook.Targets;

/// <summary>The timeouts every operator operation on a target shares (queues, promotions).</summary>
public abstract class TargetOperationOptions
{
    /// <summary>How long to wait for a connection (the Key Vault read included).</summary>
    [Duration("00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one statement may run.</summary>
    [Duration("00:00:01", "00:30:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a change waits for row locks held by the application before giving up.</summary>
    [Duration("00:00:00.100", "00:01:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The session these timeouts describe; <paramref name="section"/> names the key in timeout messages.</summary>
    public TargetSessionOptions Session(string section) => new(ConnectTimeout, LockTimeout, $"{section}:ConnectTimeout");
}
