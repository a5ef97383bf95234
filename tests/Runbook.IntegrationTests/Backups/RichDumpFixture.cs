using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// The rich schema built in a fresh database, dumped once by <see cref="PostgreSqlDumper"/> to a file, and that file
/// restored with the real psql into a second, empty database: the round-trip tests compare the two.
/// </summary>
public sealed class RichDumpFixture : IAsyncLifetime
{
    private string _folder = string.Empty;

    public SharedServers Servers { get; private set; } = null!;

    public PostgresServer Postgres => Servers.Postgres;

    public string SourceDatabase { get; } = "rich_" + Guid.NewGuid().ToString("N")[..10];

    public string RestoredDatabase { get; } = "restored_" + Guid.NewGuid().ToString("N")[..10];

    public string Source { get; private set; } = string.Empty;

    public string Restored { get; private set; } = string.Empty;

    /// <summary>The dump file.</summary>
    public string DumpFile { get; private set; } = string.Empty;

    /// <summary>The dump's text.</summary>
    public string DumpText { get; private set; } = string.Empty;

    public DumpResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await SharedServers.GetAsync();
        Source = await Postgres.CreateDatabaseAsync(SourceDatabase);
        _folder = LocalProcess.TempFolder("runbook-dump");

        // Through psql, a statement at a time: an enum value added by ALTER TYPE cannot be used in the same transaction.
        var script = Path.Combine(_folder, "rich-schema.sql");
        await File.WriteAllTextAsync(script, RichSchema.Sql);
        await PostgresCopies.RestoreAsync(Postgres, SourceDatabase, script);
        DumpFile = Path.Combine(_folder, "rich.sql");

        await using (var connection = new NpgsqlConnection(Source))
        await using (var file = File.Create(DumpFile))
        {
            await connection.OpenAsync();
            Result = await Dumper().DumpAsync(connection, file);
        }

        DumpText = await File.ReadAllTextAsync(DumpFile);
        Restored = await Postgres.CreateDatabaseAsync(RestoredDatabase);
        await PostgresCopies.RestoreAsync(Postgres, RestoredDatabase, DumpFile);
    }

    public Task DisposeAsync()
    {
        LocalProcess.DeleteQuietly(_folder);
        return Task.CompletedTask;
    }

    public static PostgreSqlDumper Dumper(TimeProvider? time = null) => new(time ?? TimeProvider.System, NullLogger<PostgreSqlDumper>.Instance);
}
