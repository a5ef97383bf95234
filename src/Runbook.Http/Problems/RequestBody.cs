using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Runbook.Operations;

namespace Runbook.Http.Problems;

/// <summary>
/// Reads a JSON request body strictly: at most <see cref="MaxBytes"/>, no unknown fields, the declared types only.
/// Every refusal says what was wrong and happens before anything changes.
/// </summary>
public static class RequestBody
{
    /// <summary>The largest body accepted (413 above it).</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,

        // Choices by name ("Zstd", "zstd"), never by number: a number would change meaning if the list changed.
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>The body as <typeparamref name="T"/>; an empty body is <paramref name="empty"/> (null: a body is required).</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, T? empty, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            throw new RequestTooLargeException($"The body is {request.ContentLength} bytes; at most {MaxBytes} are accepted.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new RequestTooLargeException($"The body is over {MaxBytes} bytes, the most accepted.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return empty ?? throw new InvalidRequestException("A JSON body is required.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), Options) ?? throw new InvalidRequestException("The body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            throw new InvalidRequestException($"The body is not valid{where}: {FirstSentence(e.Message)}", e);
        }
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the path is already said.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
