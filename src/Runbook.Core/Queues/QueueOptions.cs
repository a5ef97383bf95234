using Runbook.Configuration;

namespace Runbook.Queues;

/// <summary>The queue operations (<c>Runbook:Queues</c>): timeouts and the default guard on clearing.</summary>
public sealed class QueueOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Queues";

    /// <summary>How long to wait for a connection (the Key Vault read included).</summary>
    [Duration("00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one statement may run.</summary>
    [Duration("00:00:01", "00:30:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a change waits for row locks held by the application before giving up.</summary>
    [Duration("00:00:00.100", "00:01:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A clear that would remove more rows than this is refused unless the request raises it explicitly.</summary>
    public int MaxRows { get; set; } = 1000;
}
