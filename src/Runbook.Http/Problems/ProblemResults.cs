using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Runbook.Http.Problems;

/// <summary>RFC 9457 problem-details results, served as <c>application/problem+json</c>.</summary>
public static class ProblemResults
{
    /// <summary>A problem result with <paramref name="status"/>, a short title and a detail saying what to do.</summary>
    public static ObjectResult Create(int status, string title, string detail, HttpRequest? request = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            Instance = request?.Path.Value,
        };
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    /// <summary>400: the request itself is wrong.</summary>
    public static ObjectResult BadRequest(string detail, HttpRequest? request = null) => Create(StatusCodes.Status400BadRequest, "Bad request", detail, request);

    /// <summary>404: the thing named does not exist.</summary>
    public static ObjectResult NotFound(string detail, HttpRequest? request = null) => Create(StatusCodes.Status404NotFound, "Not found", detail, request);

    /// <summary>409: someone else changed the same thing at the same moment.</summary>
    public static ObjectResult Conflict(string detail, HttpRequest? request = null) => Create(StatusCodes.Status409Conflict, "Conflict", detail, request);

    /// <summary>413: the body is over the size limit.</summary>
    public static ObjectResult TooLarge(string detail, HttpRequest? request = null) => Create(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail, request);

    /// <summary>503: a database could not be reached; try again after <paramref name="retryAfterSeconds"/>.</summary>
    public static ObjectResult Unavailable(string detail, int retryAfterSeconds, HttpRequest? request = null)
    {
        request?.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status503ServiceUnavailable, "Database unavailable", detail, request);
    }

    /// <summary>500: the operation failed; the detail says why and what to check.</summary>
    public static ObjectResult Failed(string detail, HttpRequest? request = null) => Create(StatusCodes.Status500InternalServerError, "Operation failed", detail, request);
}
