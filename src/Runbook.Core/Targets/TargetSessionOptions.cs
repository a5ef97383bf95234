namespace Runbook.Targets;

/// <summary>How a job wants its session: how long to wait for the connection, and for a table lock once connected.</summary>
/// <param name="ConnectTimeout">The whole connect, Key Vault read included; also the driver's own connect timeout.</param>
/// <param name="LockTimeout">The longest any statement waits for a lock before failing (so a held lock is a finding, not a hang).</param>
/// <param name="TimeoutKey">The configuration key of <paramref name="ConnectTimeout"/>, for the message when it runs out.</param>
/// <param name="Database">
/// Another database on the target's server to connect to (a restore's new database), with the target's credentials;
/// null for the target's own database.
/// </param>
public sealed record TargetSessionOptions(TimeSpan ConnectTimeout, TimeSpan LockTimeout, string TimeoutKey, string? Database = null);
