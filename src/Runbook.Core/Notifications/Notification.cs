namespace Runbook.Notifications;

/// <summary>One message to the people on call.</summary>
/// <param name="Key">What it is about (<c>health-check/shop</c>, <c>timer/backup</c>): alerts are de-duplicated by it.</param>
/// <param name="Subject">One line, the prefix included.</param>
/// <param name="Body">Plain text.</param>
/// <param name="IsRecovery">True when it says an alert has cleared.</param>
public sealed record Notification(string Key, string Subject, string Body, bool IsRecovery);
