namespace Runbook.Backups;

/// <summary>One table's data in a dump.</summary>
/// <param name="Name">Schema-qualified and quoted as in the dump (<c>app."Order"</c>).</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Bytes of its data (the <c>COPY</c> rows, UTF-8).</param>
public sealed record DumpedTable(string Name, long Rows, long Bytes);
