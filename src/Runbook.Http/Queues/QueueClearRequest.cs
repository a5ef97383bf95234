namespace Runbook.Http.Queues;

/// <summary>The body of a clear: <c>{ "confirm": true, "maxRows": 5000 }</c>.</summary>
public sealed class QueueClearRequest
{
    /// <summary>Must be true: clearing removes items for good.</summary>
    public bool Confirm { get; set; }

    /// <summary>Raises the row limit (default <c>Runbook:Queues:MaxRows</c>) for this request.</summary>
    public int? MaxRows { get; set; }
}
