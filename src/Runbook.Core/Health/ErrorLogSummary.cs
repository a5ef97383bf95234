namespace Runbook.Health;

/// <summary>Error and warning lines in the log table over the look-back window.</summary>
public sealed record ErrorLogSummary(
    string Table,
    TimeSpan Window,
    long ErrorCount,
    long WarningCount,
    IReadOnlyList<LogMessageCount> TopMessages);

/// <summary>A message, its level as stored (lower case), and how often it appeared. Errors are listed before warnings.</summary>
public sealed record LogMessageCount(string Level, string Message, long Count);
