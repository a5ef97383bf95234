using Microsoft.Extensions.Hosting;

namespace Runbook.Http.Hosting;

/// <summary>
/// A host lifetime that leaves signals to whoever started the server: the CLI stops it on Ctrl-C through its own
/// cancellation (exit 130). The default console lifetime would take SIGINT for itself and leave the command waiting.
/// </summary>
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
