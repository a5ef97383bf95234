namespace Runbook.Outbox;

/// <summary>A message failed for good (<c>runbook email failed</c>).</summary>
/// <param name="Id">The row's key.</param>
/// <param name="MessageId">The stable message id.</param>
/// <param name="To">The To addresses.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Attempts">Tries made.</param>
/// <param name="CreatedAt">When the application wrote it.</param>
/// <param name="FailedAt">When it was failed.</param>
/// <param name="LastError">Why.</param>
public sealed record OutboxFailure(long Id, string MessageId, string To, string Subject, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset FailedAt, string? LastError);
