using System.Globalization;
using MySqlConnector;

namespace Runbook.Testing;

/// <summary>
/// Compares a MariaDB database with a copy restored from a dump, using the reference tools: the real <c>mariadb</c> client
/// restores (<c>mariadb DB &lt; FILE</c>), the real <c>mariadb-dump --no-data</c> describes both, and per-table digests
/// of every column's bytes compare the rows.
/// </summary>
public static class MariaDbCopies
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Feeds the SQL file <paramref name="file"/> to <c>mariadb --comments DATABASE</c> on standard input, as a person
    /// restoring would (<c>--comments</c> keeps the comments inside routine bodies, which the client strips by default).
    /// </summary>
    public static Task<string> RestoreAsync(MariaDbServer server, string database, string file) =>
        server.RunClientAsync("mariadb", database, ["--comments"], Timeout, standardInputFile: file);

    /// <summary>
    /// <c>mariadb-dump --no-data --skip-comments --skip-dump-date --routines --triggers --events</c> of <paramref name="database"/>,
    /// with the database's name replaced by <c>DB</c> where it appears.
    /// </summary>
    public static async Task<string> SchemaAsync(MariaDbServer server, string database)
    {
        var file = Path.Combine(Path.GetTempPath(), $"schema-{Guid.NewGuid():N}.sql");
        try
        {
            await server.RunClientAsync("mariadb-dump", database, ["--no-data", "--skip-comments", "--skip-dump-date", "--routines", "--triggers", "--events", $"--result-file={file}"], Timeout);
            return (await File.ReadAllTextAsync(file)).Replace($"`{database}`", "`DB`", StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// For every base table: its row count and the MD5 of its rows' digests in sorted order, each digest over every column
    /// (generated and invisible ones included) as the hex of its bytes, FLOAT and DOUBLE through DOUBLE's exact text;
    /// its <c>AUTO_INCREMENT</c> under <c>table#auto_increment</c>; for every sequence, its next value not yet cached.
    /// </summary>
    public static async Task<SortedDictionary<string, string>> ContentAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET SESSION group_concat_max_len = 1073741824");
        var tables = await QueryAsync(connection, "SELECT TABLE_NAME, TABLE_TYPE, IFNULL(AUTO_INCREMENT, '-') FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE <> 'VIEW'");
        var columns = (await QueryAsync(connection, "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION"))
            .ToLookup(c => c[0], StringComparer.Ordinal);
        var content = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var name = table[0];
            var quoted = "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
            if (table[1] == "SEQUENCE")
            {
                content[name] = (await QueryAsync(connection, $"SELECT next_not_cached_value FROM {quoted}"))[0][0];
                continue;
            }

            var digests = string.Join(", ", columns[name].Select(c =>
            {
                var column = "`" + c[1].Replace("`", "``", StringComparison.Ordinal) + "`";
                var value = c[2] is "float" or "double" ? $"CAST({column} AS DOUBLE)" : column;
                return $"IFNULL(HEX(CAST({value} AS BINARY)), 'NULL')";
            }));
            var row = (await QueryAsync(connection, $"SELECT COUNT(*), IFNULL(MD5(GROUP_CONCAT(h ORDER BY h SEPARATOR ',')), '-') FROM (SELECT MD5(CONCAT_WS('|', {digests})) AS h FROM {quoted}) x"))[0];
            content[name] = row[0] + " " + row[1];
            content[name + "#auto_increment"] = table[2];
        }

        return content;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string[]>> QueryAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }
}
