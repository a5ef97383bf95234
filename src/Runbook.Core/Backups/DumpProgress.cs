namespace Runbook.Backups;

/// <summary>How far a dump has come.</summary>
/// <param name="Table">The table being read, quoted as in the dump (see <see cref="DumpedTable.Name"/>).</param>
/// <param name="Rows">Rows of <paramref name="Table"/> written so far.</param>
/// <param name="Bytes">Bytes of <paramref name="Table"/>'s data written so far.</param>
/// <param name="TableCompleted">True once every row of <paramref name="Table"/> is written.</param>
/// <param name="TotalBytes">Bytes of the whole dump written so far.</param>
public readonly record struct DumpProgress(string Table, long Rows, long Bytes, bool TableCompleted, long TotalBytes);
