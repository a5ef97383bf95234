using System.Diagnostics;

namespace Runbook.Testing;

/// <summary>
/// Stops a test server and deletes its folder when the test process ends, however it ends: the test runner kills a
/// test host whose ProcessExit handlers run long (a loaded machine), which left servers running after the run. It is a
/// shell that waits for its standard input to close (the kernel closes it when this process dies), then runs the stop
/// command. Disposed once the server has been stopped the ordinary way (after, not before: the test host may be killed
/// in between), it deletes the folder and ends.
/// </summary>
public sealed class ServerWatchdog : IDisposable
{
    // Output goes nowhere, so the shell holds none of the test host's pipes open after it has died. "stopped" skips the
    // stop command; the end of its input without it (this process gone) runs it. The folder goes either way.
    private const string Script = "exec >/dev/null 2>&1; folder=$1; shift; read -r word; [ \"$word\" = stopped ] || \"$@\"; rm -rf \"$folder\"";

    private readonly Process _shell;
    private bool _disposed;

    private ServerWatchdog(Process shell) => _shell = shell;

    /// <summary>Runs <paramref name="stopCommand"/> then deletes <paramref name="folder"/> once this process has ended.</summary>
    public static ServerWatchdog Start(string folder, IEnumerable<string> stopCommand)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, ArgumentList = { "-c", Script, "sh", folder } };
        foreach (var argument in stopCommand)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new ServerWatchdog(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the server's watchdog shell."));
    }

    /// <summary>Kills process <paramref name="processId"/> then deletes <paramref name="folder"/> once this process has ended.</summary>
    public static ServerWatchdog ForProcess(string folder, int processId) =>
        Start(folder, ["kill", "-KILL", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>The server has been stopped the ordinary way: deletes its folder without running the stop command, and ends.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // Not Kill(entireProcessTree): it stops the tree with SIGSTOP before killing it, and a test host killed in
        // between left the shell stopped for good.
        _disposed = true;
        try
        {
            _shell.StandardInput.WriteLine("stopped");
            _shell.StandardInput.Close();
        }
        catch (IOException)
        {
            // The shell has already gone.
        }

        _shell.WaitForExit();
        _shell.Dispose();
    }
}
