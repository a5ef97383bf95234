using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Http.Problems;
using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Http.Routing;

/// <summary>
/// Base of every handler. Resolves who is calling once (<see cref="OperatorRequest"/>), turns the failures a caller can
/// act on into problem details carrying a trace id, logs every 5xx with its exception, and tells each
/// <see cref="IOperatorRequestObserver"/> how the request ended.
/// </summary>
public abstract partial class RunbookHandler : IRunbookHandler
{
    private const int RetryAfterSeconds = 30;
    private readonly RunbookHandlerServices _services;
    private readonly ILogger _logger;

    /// <summary>Creates the base over the host's services.</summary>
    protected RunbookHandler(RunbookHandlerServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _logger = services.Loggers.CreateLogger(GetType());
    }

    /// <summary>The operation's name in logs, audit records and problem titles: the handler's name without "Handler".</summary>
    public string Operation => GetType().Name.Replace("Handler", string.Empty, StringComparison.Ordinal);

    /// <inheritdoc />
    public async Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A handler may serve several routes (one task, every task): the one whose template matches the path.
        var routes = RunbookRoutes.All.Where(r => r.Handler == GetType()).ToList();
        var (route, values) = routes.Select(r => (Route: r, Values: r.Match(request.Path.Value ?? string.Empty)))
            .FirstOrDefault(m => m.Values is not null, (routes.FirstOrDefault()!, null));
        var caller = OperatorRequest.From(request, Operation) with { RouteValues = values ?? new Dictionary<string, string>() };
        var started = _services.Time.GetTimestamp();
        Exception? failure = null;
        IActionResult result;
        try
        {
            result = route is { Mutates: true } && caller.Actor is null
                ? ProblemResults.BadRequest($"Say who you are: the {OperatorRequest.ActorHeader} header is required on every call that changes something (for example {OperatorRequest.ActorHeader}: jane@example.com).", request)
                : await ExecuteAsync(request, caller, cancellationToken);
        }
        catch (UnknownTargetException e)
        {
            result = ProblemResults.NotFound(e.Message, request);
        }
        catch (NotFoundException e)
        {
            result = ProblemResults.NotFound(e.Message, request);
        }
        catch (InvalidRequestException e)
        {
            result = ProblemResults.BadRequest(e.Message, request);
        }
        catch (ConflictException e)
        {
            result = ProblemResults.Conflict(e.Message, request);
        }
        catch (RequestTooLargeException e)
        {
            result = ProblemResults.TooLarge(e.Message, request);
        }
        catch (TargetConnectException e)
        {
            // The target is down or silent: nothing was done, and trying again later may work.
            result = ProblemResults.Unavailable($"Target '{e.TargetName}' could not be reached: {e.Message}. Nothing was changed; try again shortly.", RetryAfterSeconds, request);
        }
        catch (OptionsValidationException e)
        {
            failure = e;
            result = ProblemResults.Failed($"Runbook's configuration is invalid: {e.Message}", request);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = e;
            result = ProblemResults.Failed($"{Operation} failed: {DatabaseText.FirstLine(e.Message)}", request);
        }

        var status = StatusOf(result);
        if (result is ObjectResult { Value: ProblemDetails problem })
        {
            problem.Extensions["traceId"] = caller.TraceId;
        }

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(_logger, failure, caller.Operation, status, caller.TraceId, failure is null ? "the handler answered with a server error" : DatabaseText.FirstLine(failure.Message));
        }

        var duration = _services.Time.GetElapsedTime(started);
        foreach (var observer in _services.Observers)
        {
            await observer.OnCompletedAsync(caller, status, duration, failure, cancellationToken);
        }

        return result;
    }

    /// <summary>Does the work; may throw the exceptions <see cref="HandleAsync"/> maps.</summary>
    protected abstract Task<IActionResult> ExecuteAsync(HttpRequest request, OperatorRequest caller, CancellationToken cancellationToken);

    private static int StatusOf(IActionResult result) => result switch
    {
        IStatusCodeActionResult { StatusCode: { } code } => code,
        _ => StatusCodes.Status200OK,
    };

    [LoggerMessage(4000, LogLevel.Error, "{Operation} answered {Status} (trace {TraceId}): {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string operation, int status, string traceId, string reason);
}
