using Runbook.Targets;

namespace Runbook.Queues;

/// <summary>The queue operations (<c>Runbook:Queues</c>): timeouts and the default guard on clearing.</summary>
public sealed class QueueOptions : TargetOperationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Queues";

    /// <summary>A clear that would remove more rows than this is refused unless the request raises it explicitly.</summary>
    public int MaxRows { get; set; } = 1000;
}
