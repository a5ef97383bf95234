namespace Runbook.Backups;

/// <summary>A backup restored into a database.</summary>
/// <param name="Source">The stored backup's name or the local file.</param>
/// <param name="Target">The target whose server received it.</param>
/// <param name="Database">The database restored into.</param>
/// <param name="Created">True when the restore created the database.</param>
/// <param name="Statements">Statements run (each COPY counted once).</param>
/// <param name="Sha256">The SHA-256 of the bytes read, checked against the manifest when there was one.</param>
/// <param name="Checked">What was checked against the manifest, or why nothing could be.</param>
public sealed record RestoreResult(string Source, string Target, string Database, bool Created, long Statements, string Sha256, string Checked);
