namespace Runbook.Backups;

/// <summary>One table's data in a dump.</summary>
/// <param name="Name">Quoted as in the dump: schema-qualified for PostgreSQL (<c>app."Order"</c>), bare for MySQL (<c>`Order`</c>).</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Bytes of its data (the <c>COPY</c> rows or the <c>INSERT</c> statements, UTF-8).</param>
public sealed record DumpedTable(string Name, long Rows, long Bytes);
