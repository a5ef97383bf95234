using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>The latency measurement both probes share.</summary>
internal static class Latency
{
    public static async Task<TimeSpan> MeasureAsync(DbConnection connection, HealthCheckOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT 1", options.CommandTimeout);
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = time.GetTimestamp();
            await command.ExecuteScalarAsync(cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }
}
