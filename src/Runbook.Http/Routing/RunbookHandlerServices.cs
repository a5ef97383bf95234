using Microsoft.Extensions.Logging;

namespace Runbook.Http.Routing;

/// <summary>What the handler base needs from the host, in one object so that each handler passes it on unchanged.</summary>
public sealed class RunbookHandlerServices(ILoggerFactory loggers, TimeProvider time, IEnumerable<IOperatorRequestObserver> observers)
{
    /// <summary>Creates the loggers handlers write to.</summary>
    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>The clock used for durations.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Told about every answered request (auditing).</summary>
    public IReadOnlyList<IOperatorRequestObserver> Observers { get; } = [.. observers];
}
