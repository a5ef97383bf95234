using System.Text;
using System.Text.Json;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;

namespace Runbook.Testing;

/// <summary>Calls the operator API the way on-call engineers do: a function key, the actor header, a JSON body.</summary>
public static class OperatorApi
{
    /// <summary>Sends one request; returns the status and the JSON body (default when the body is empty).</summary>
    public static async Task<(int Status, JsonElement Body)> SendAsync(HttpClient http, string? key, string method, string path, string? body = null, string? actor = "jane")
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = Request(new HttpMethod(method), path, key, actor, body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A request with the function key (header), the actor header and a JSON body, each when given.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? actor = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add(FunctionKeys.Header, key);
        }

        if (actor is not null)
        {
            request.Headers.Add(OperatorRequest.ActorHeader, actor);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
