namespace Runbook.Http.Email;

/// <summary>The body of <c>POST /api/email/replay-failed</c>: <c>{ "target": "shop", "ids": [41, 42], "maxRows": 5000 }</c>.</summary>
public sealed class EmailReplayFailedRequest
{
    /// <summary>The target whose outbox to replay; required.</summary>
    public string? Target { get; set; }

    /// <summary>Only these failed messages (at most 1000); every failed message when left out.</summary>
    public IReadOnlyList<long>? Ids { get; set; }

    /// <summary>Raises the limit of messages one replay may send again (default 1000).</summary>
    public int? MaxRows { get; set; }
}
