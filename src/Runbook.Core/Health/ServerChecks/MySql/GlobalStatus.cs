using System.Data.Common;
using System.Globalization;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>Reads counters from <c>SHOW GLOBAL STATUS</c> (no privilege needed).</summary>
internal static class GlobalStatus
{
    /// <summary>The named counters; a counter the server does not have reads as 0.</summary>
    public static async Task<Dictionary<string, double>> ReadAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken, params string[] names)
    {
        var parameters = new List<(string Name, object? Value)>();
        var list = DbConnectionExtensions.InList("name", names, parameters);
        var rows = await connection.ListAsync(
            $"SHOW GLOBAL STATUS WHERE Variable_name IN ({list})",
            timeout,
            r => (Name: r.GetString(0), Value: double.TryParse(r.GetString(1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0),
            cancellationToken,
            [.. parameters]);
        var status = rows.ToDictionary(r => r.Name, r => r.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            status.TryAdd(name, 0);
        }

        return status;
    }
}
