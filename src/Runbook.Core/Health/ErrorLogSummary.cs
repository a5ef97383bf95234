namespace Runbook.Health;

/// <summary>Error and warning lines in the log table over the look-back window.</summary>
public sealed record ErrorLogSummary(
    string Table,
    TimeSpan Window,
    long ErrorCount,
    long WarningCount,
    IReadOnlyList<LogMessageCount> TopMessages);

/// <summary>A message and how often it appeared.</summary>
public sealed record LogMessageCount(string Message, long Count);
