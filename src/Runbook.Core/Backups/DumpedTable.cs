namespace Runbook.Backups;

/// <summary>One table's data in a dump.</summary>
/// <param name="Name">Quoted as in the dump: schema-qualified for PostgreSQL (<c>app."Order"</c>), bare for MySQL (<c>`Order`</c>).</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Bytes of its data (the <c>COPY</c> rows or the <c>INSERT</c> statements, UTF-8).</param>
/// <param name="Checksum">
/// The rows' content checksum (<see cref="TableChecksum"/>: <c>xxh3-sum:</c> and 16 hex digits), the same whatever the
/// rows' order; null in manifests written before checksums were (a restore drill then compares row counts only).
/// </param>
public sealed record DumpedTable(string Name, long Rows, long Bytes, string? Checksum = null);
