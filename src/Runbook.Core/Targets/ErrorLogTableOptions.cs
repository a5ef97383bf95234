namespace Runbook.Targets;

/// <summary>Where the application writes its log lines, and which columns mean what.</summary>
public sealed class ErrorLogTableOptions
{
    /// <summary>The table, optionally schema-qualified (<c>public.error_log</c>).</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The column holding the level text (compared case-insensitively).</summary>
    public string LevelColumn { get; set; } = "level";

    /// <summary>The column holding when the line was written (UTC). Index it: the check filters on it.</summary>
    public string TimeColumn { get; set; } = "created_at";

    /// <summary>The column holding the message text.</summary>
    public string MessageColumn { get; set; } = "message";

    // Lists default to null rather than to a filled list: the configuration binder appends to a filled list
    // instead of replacing it.

    /// <summary>Level values counted as errors; default <c>error, critical, fatal</c>.</summary>
    public string[]? ErrorLevels { get; set; }

    /// <summary>Level values counted as warnings; default <c>warning, warn</c>.</summary>
    public string[]? WarningLevels { get; set; }

    /// <summary>The error levels in force.</summary>
    public IReadOnlyList<string> EffectiveErrorLevels => ErrorLevels is { Length: > 0 } ? ErrorLevels : ["error", "critical", "fatal"];

    /// <summary>The warning levels in force.</summary>
    public IReadOnlyList<string> EffectiveWarningLevels => WarningLevels is { Length: > 0 } ? WarningLevels : ["warning", "warn"];
}
