using System.Diagnostics;
using Azure.Storage.Blobs;

namespace Runbook.Testing;

/// <summary>
/// A throwaway Azurite Blob service on a free loopback port, with telemetry off and the API version check
/// skipped (the SDK is newer than the emulator). Killed and deleted on dispose.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, emulator only).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;
    private readonly ServerWatchdog _watchdog;

    private AzuriteServer(string folder, Process process, int port)
    {
        _process = process;
        _watchdog = ServerWatchdog.ForProcess(folder, process.Id);
        Port = port;
    }

    /// <summary>The Blob service port.</summary>
    public int Port { get; }

    /// <summary>A connection string for the emulator's development account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>A client for the Blob service.</summary>
    public BlobServiceClient CreateClient() => new(ConnectionString);

    /// <summary>Starts the Blob service.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var folder = LocalProcess.TempFolder("runbook-azurite");
        var port = LocalProcess.FreePort();
        var process = LocalProcess.Start(
            FindExecutable(),
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", folder, "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose"],
            Path.Combine(folder, "azurite.log"));
        var server = new AzuriteServer(folder, process, port);
        await LocalProcess.WaitForPortAsync(port, TimeSpan.FromMinutes(1), () => File.ReadAllText(Path.Combine(folder, "azurite.log")));
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _watchdog.Dispose();
    }

    private static string FindExecutable()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RUNBOOK_AZURITE_BLOB");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "node_modules", ".bin", "azurite-blob");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run ./build.sh test, which installs it into .tools/.");
    }
}
