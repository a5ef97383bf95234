namespace Runbook.Targets;

/// <summary>What a column can be used for, from its declared type.</summary>
public enum ColumnKind
{
    /// <summary>Anything else (numbers, binary, JSON...).</summary>
    Other = 0,

    /// <summary>Character data or an enum: levels, messages, statuses.</summary>
    Text,

    /// <summary>A date or a timestamp, with or without time zone.</summary>
    Time,
}
