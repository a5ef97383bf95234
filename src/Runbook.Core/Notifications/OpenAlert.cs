namespace Runbook.Notifications;

/// <summary>An alert raised and not yet cleared, as remembered between runs.</summary>
/// <param name="Subject">The subject it was last sent with.</param>
/// <param name="RaisedAt">When it was first raised.</param>
/// <param name="LastSentAt">When it was last sent; it is not sent again within the de-duplication window.</param>
/// <param name="Sent">How often it has been sent.</param>
public sealed record OpenAlert(string Subject, DateTimeOffset RaisedAt, DateTimeOffset LastSentAt, int Sent);
