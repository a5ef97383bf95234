using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Runbook.Http.Routing;

namespace Runbook.Http.Hosting;

/// <summary>
/// The Functions host's key check, for <c>runbook serve</c>: the key comes in the <c>x-functions-key</c> header or the
/// <c>code</c> query parameter; a Function-level route takes a function key or the master key, an Admin-level route
/// only the master key. Keys are compared in constant time.
/// </summary>
public static class FunctionKeys
{
    /// <summary>The header the Functions host reads the key from.</summary>
    public const string Header = "x-functions-key";

    /// <summary>Null when <paramref name="request"/> carries a key that opens <paramref name="level"/>; else why not (for a 401).</summary>
    public static string? Refusal(HttpRequest request, KeyLevel level, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var key = request.Headers[Header].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return $"A key is required: send it in the {Header} header (or the code query parameter).";
        }

        if (Matches(key, options.MasterKey))
        {
            return null;
        }

        if (level == KeyLevel.Function && (options.FunctionKeys ?? []).Any(k => Matches(key, k)))
        {
            return null;
        }

        return level == KeyLevel.Admin && (options.FunctionKeys ?? []).Any(k => Matches(key, k))
            ? "This route needs the master key; a function key does not open it."
            : "The key is not valid for this route.";
    }

    private static bool Matches(string given, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
