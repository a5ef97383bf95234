using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// The MariaDB rich schema built in a fresh database, dumped once by <see cref="MySqlDumper"/> to a file, and that file
/// restored with the real <c>mariadb</c> client into a second, empty database: the round-trip tests compare the two.
/// </summary>
public sealed class MySqlDumpFixture : IAsyncLifetime
{
    private string _folder = string.Empty;

    public MariaDbServer MariaDb { get; private set; } = null!;

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
        MariaDb = (await SharedServers.GetAsync()).MariaDb;
        Source = await MariaDb.CreateDatabaseAsync(SourceDatabase);
        await MariaDbServer.ExecuteAsync(new MySqlConnectionStringBuilder(Source) { AllowUserVariables = true }.ConnectionString, RichSchemaMySql.Sql);
        _folder = LocalProcess.TempFolder("runbook-mysqldump");
        DumpFile = Path.Combine(_folder, "rich.sql");

        await using (var connection = new MySqlConnection(Source))
        await using (var file = File.Create(DumpFile))
        {
            await connection.OpenAsync();
            Result = await Dumper().DumpAsync(connection, file);
        }

        DumpText = await File.ReadAllTextAsync(DumpFile);
        Restored = await MariaDb.CreateDatabaseAsync(RestoredDatabase);
        await MariaDbCopies.RestoreAsync(MariaDb, RestoredDatabase, DumpFile);
    }

    public Task DisposeAsync()
    {
        LocalProcess.DeleteQuietly(_folder);
        return Task.CompletedTask;
    }

    public static MySqlDumper Dumper(TimeProvider? time = null) => new(time ?? TimeProvider.System, NullLogger<MySqlDumper>.Instance);
}
