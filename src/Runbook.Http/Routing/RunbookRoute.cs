namespace Runbook.Http.Routing;

/// <summary>One endpoint: the function that serves it, its method and route (under <c>/api/</c>), its handler and key level.</summary>
/// <param name="FunctionName">The Azure Function's name.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Route">The route below <c>/api/</c>, without a leading slash.</param>
/// <param name="Handler">The <see cref="IRunbookHandler"/> type that does the work.</param>
/// <param name="KeyLevel">The function key it demands.</param>
/// <param name="Mutates">True when it changes something (a switch, a row): it then needs the <c>X-Runbook-Actor</c> header and is audited.</param>
public sealed record RunbookRoute(string FunctionName, string Method, string Route, Type Handler, KeyLevel KeyLevel, bool Mutates = false)
{
    /// <summary>
    /// Matches <paramref name="path"/> (<c>/api/tasks/health-check/disable</c>) against <see cref="Route"/>
    /// (<c>tasks/{name}/disable</c>); returns the <c>{parameter}</c> values, URL-decoded, or null when it does not match.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var relative = path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) ? path[5..] : path.TrimStart('/');
        var template = Route.Split('/');
        var segments = relative.TrimEnd('/').Split('/');
        if (template.Length != segments.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{') && template[i].EndsWith('}'))
            {
                values[template[i][1..^1]] = Uri.UnescapeDataString(segments[i]);
            }
            else if (!string.Equals(template[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return values;
    }
}
