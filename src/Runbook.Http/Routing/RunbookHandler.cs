using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Runbook.Http.Problems;
using Runbook.Targets;

namespace Runbook.Http.Routing;

/// <summary>Base of every handler: turns the failures a caller can act on into problem details.</summary>
public abstract class RunbookHandler : IRunbookHandler
{
    /// <inheritdoc />
    public async Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await ExecuteAsync(request, cancellationToken);
        }
        catch (UnknownTargetException e)
        {
            return ProblemResults.NotFound(e.Message, request);
        }
        catch (OptionsValidationException e)
        {
            return ProblemResults.Failed($"Runbook's configuration is invalid: {e.Message}", request);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ProblemResults.Failed($"{GetType().Name.Replace("Handler", string.Empty, StringComparison.Ordinal)} failed: {e.Message}", request);
        }
    }

    /// <summary>Does the work; may throw the exceptions <see cref="HandleAsync"/> maps.</summary>
    protected abstract Task<IActionResult> ExecuteAsync(HttpRequest request, CancellationToken cancellationToken);
}
