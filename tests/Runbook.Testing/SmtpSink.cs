using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MimeKit;

namespace Runbook.Testing;

/// <summary>
/// A real SMTP server for the outbox tests: <c>smtp-sink.js</c> on npm <c>smtp-server</c> (installed into .tools/ by
/// build.sh), on a loopback port, writing every message it accepts to a folder that <see cref="Messages"/> reads.
/// Faults are asked for by the recipient's local part (<c>reject550.x@</c>, <c>defer451.x@</c>, <c>slow3000.x@</c>,
/// <c>slowdata3000.x@</c>), so tests share nothing. Killed and deleted on dispose.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServerWatchdog _watchdog;

    private SmtpSink(string folder, Process process, int port)
    {
        Folder = folder;
        _process = process;
        _watchdog = ServerWatchdog.ForProcess(Path.GetDirectoryName(folder)!, process.Id);
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Where it writes the messages it accepted.</summary>
    public string Folder { get; }

    /// <summary>
    /// Starts a sink on <paramref name="port"/> (default: a free one); with <paramref name="user"/> it requires that
    /// user and <paramref name="password"/>.
    /// </summary>
    public static async Task<SmtpSink> StartAsync(int? port = null, string? user = null, string? password = null)
    {
        var folder = LocalProcess.TempFolder("runbook-smtp");
        var listenPort = port ?? LocalProcess.FreePort();
        var arguments = new List<string> { Script(), "--port", listenPort.ToString(CultureInfo.InvariantCulture), "--folder", Path.Combine(folder, "messages") };
        if (user is not null)
        {
            arguments.AddRange(["--user", user, "--password", password ?? string.Empty]);
        }

        var log = Path.Combine(folder, "sink.log");
        var process = LocalProcess.Start("node", arguments, log, new Dictionary<string, string> { ["NODE_PATH"] = NodeModules() });
        var sink = new SmtpSink(Path.Combine(folder, "messages"), process, listenPort);
        await LocalProcess.WaitForPortAsync(listenPort, TimeSpan.FromSeconds(30), () => File.Exists(log) ? File.ReadAllText(log) : "no log");
        return sink;
    }

    /// <summary>Every message accepted so far, in the order they were accepted.</summary>
    public IReadOnlyList<SinkMessage> Messages()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            using var raw = new MemoryStream(Convert.FromBase64String(root.GetProperty("raw").GetString()!));
            return new SinkMessage(
                root.GetProperty("mailFrom").GetString()!,
                [.. root.GetProperty("rcptTo").EnumerateArray().Select(a => a.GetString()!)],
                MimeMessage.Load(raw));
        })];
    }

    /// <summary>The messages to <paramref name="recipient"/> (an envelope recipient, case-insensitive).</summary>
    public IReadOnlyList<SinkMessage> MessagesTo(string recipient) =>
        [.. Messages().Where(m => m.RcptTo.Contains(recipient, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Stops it now (an SMTP server that goes down).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _watchdog.Dispose();
    }

    private static string Script() => Path.Combine(AppContext.BaseDirectory, "smtp-sink.js");

    private static string NodeModules()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RUNBOOK_NODE_MODULES");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "smtp-server")))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "node_modules");
            if (Directory.Exists(Path.Combine(candidate, "smtp-server")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("npm smtp-server is not installed: run ./build.sh test, which installs it into .tools/.");
    }
}
