namespace Runbook.Http.Routing;

/// <summary>
/// Told about every operator request once it has been answered, with its outcome: where auditing hooks in. Register
/// implementations as singletons; <see cref="RunbookHandler"/> calls each one.
/// </summary>
public interface IOperatorRequestObserver
{
    /// <summary>Called after the handler ran; <paramref name="exception"/> is set when it failed with a 5xx.</summary>
    Task OnCompletedAsync(OperatorRequest request, int statusCode, TimeSpan duration, Exception? exception, CancellationToken cancellationToken);
}
