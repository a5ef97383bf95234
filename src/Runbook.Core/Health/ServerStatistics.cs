using Runbook.Targets;

namespace Runbook.Health;

/// <summary>What the server's own catalog and statistics views say; read without scanning user tables.</summary>
public sealed record ServerStatistics
{
    /// <summary>The current database's size on disk, in bytes.</summary>
    public long DatabaseSizeBytes { get; init; }

    /// <summary>The largest tables by total size (data + indexes), largest first, at most ten.</summary>
    public IReadOnlyList<TableSize> LargestTables { get; init; } = [];

    /// <summary>Connections open now.</summary>
    public int ConnectionsInUse { get; init; }

    /// <summary>The server's connection limit.</summary>
    public int MaxConnections { get; init; }

    /// <summary>Statements running longer than the configured threshold.</summary>
    public IReadOnlyList<RunningQuery> LongRunningQueries { get; init; } = [];

    /// <summary>Sessions waiting on a lock now.</summary>
    public int SessionsWaitingOnLocks { get; init; }

    /// <summary>The slowest statements by mean time, when the server collects them.</summary>
    public SlowStatements SlowStatements { get; init; } = SlowStatements.Unavailable("not read");
}

/// <summary>One table's size. <paramref name="EstimatedRows"/> is the planner's estimate, not a count.</summary>
public sealed record TableSize(string Name, long TotalBytes, long EstimatedRows);

/// <summary>A statement that has been running for <paramref name="Duration"/>.</summary>
public sealed record RunningQuery(string SessionId, TimeSpan Duration, string Query);

/// <summary>A normalized statement with its call count and mean time.</summary>
public sealed record SlowStatement(string Query, long Calls, double MeanMilliseconds);

/// <summary>The slow-statement list, or why there is none.</summary>
public sealed record SlowStatements(bool Available, string? Reason, IReadOnlyList<SlowStatement> Statements)
{
    /// <summary>The server does not collect statement statistics.</summary>
    public static SlowStatements Unavailable(string reason) => new(false, reason, []);

    /// <summary>The statements with their literals redacted, password-setting ones left out.</summary>
    public static IReadOnlyList<SlowStatement> Redacted(IEnumerable<SlowStatement> statements, DatabaseProvider provider) =>
        [.. statements.Where(s => !QueryText.SetsPassword(s.Query)).Select(s => s with { Query = QueryText.Redact(s.Query, provider) })];
}
