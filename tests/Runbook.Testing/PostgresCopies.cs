using System.Globalization;
using Npgsql;

namespace Runbook.Testing;

/// <summary>
/// Compares a PostgreSQL database with a copy restored from a dump, using the reference tools: the real <c>psql</c>
/// restores, the real <c>pg_dump --schema-only</c> describes both, and per-relation checksums compare the rows.
/// </summary>
public static class PostgresCopies
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the SQL file <paramref name="file"/> (a dump to restore) on <paramref name="database"/> with <c>psql -X -v ON_ERROR_STOP=1 -q -f</c>.</summary>
    public static Task<string> RestoreAsync(PostgresServer server, string database, string file) =>
        server.RunClientAsync("psql", database, ["-X", "-v", "ON_ERROR_STOP=1", "-q", "-f", file], Timeout);

    /// <summary><c>pg_dump --schema-only --no-owner --no-privileges</c> of <paramref name="database"/>, without its per-run <c>\restrict</c> lines.</summary>
    public static async Task<string> SchemaAsync(PostgresServer server, string database)
    {
        var file = Path.Combine(Path.GetTempPath(), $"schema-{Guid.NewGuid():N}.sql");
        try
        {
            await server.RunClientAsync("pg_dump", database, ["--schema-only", "--no-owner", "--no-privileges", "-f", file], Timeout);
            var lines = await File.ReadAllLinesAsync(file);
            return string.Join('\n', lines.Where(l => !l.StartsWith("\\restrict ", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict ", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// For every table and populated materialized view outside the system schemas: its row count and the MD5 of its rows
    /// as text in sorted order (<c>ONLY</c>: an inheritance parent without its children); for every sequence, its
    /// <c>last_value</c> and <c>is_called</c>.
    /// </summary>
    public static async Task<SortedDictionary<string, string>> ContentAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var relations = new List<(string Name, char Kind)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.oid::regclass::text, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm', 'S') AND c.relispopulated
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                relations.Add((reader.GetString(0), reader.GetChar(1)));
            }
        }

        var content = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, kind) in relations)
        {
            var sql = kind == 'S'
                ? $"SELECT last_value::text || ' ' || is_called::text FROM {name}"
                : $"SELECT count(*)::text || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM ONLY {name} t";
            await using var command = new NpgsqlCommand(sql, connection);
            content[name] = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
        }

        return content;
    }
}
