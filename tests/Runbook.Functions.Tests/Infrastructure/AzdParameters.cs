using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// Turns infra/main.parameters.json into a .bicepparam file the way azd reads it: <c>${NAME}</c> and
/// <c>${NAME=default}</c> replaced from an environment, then each value given the type the template declares.
/// </summary>
public static partial class AzdParameters
{
    /// <summary>Substitutes azd environment references in <paramref name="text"/>.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> environment) =>
        Reference().Replace(text, m => environment.TryGetValue(m.Groups["name"].Value, out var value)
            ? value
            : m.Groups["default"].Success ? m.Groups["default"].Value : string.Empty);

    /// <summary>The default written after <c>=</c> in a single <c>${NAME=default}</c> value, or the value itself.</summary>
    public static string DefaultOf(string value)
    {
        var match = Reference().Match(value);
        return match.Success && match.Value == value && match.Groups["default"].Success ? match.Groups["default"].Value : value;
    }

    /// <summary>
    /// A .bicepparam text using <paramref name="bicepPath"/> (relative to the param file) with every parameter of
    /// <paramref name="parametersJson"/> (already substituted) plus <paramref name="overrides"/>, typed per the template.
    /// </summary>
    public static string ToBicepParam(string bicepPath, JsonObject parametersJson, JsonObject compiledTemplate, IReadOnlyDictionary<string, JsonNode> overrides)
    {
        var declared = compiledTemplate["parameters"]!.AsObject();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, parameter) in parametersJson["parameters"]!.AsObject())
        {
            values[name] = parameter!["value"]?.DeepClone();
        }

        foreach (var (name, value) in overrides)
        {
            values[name] = value.DeepClone();
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"using '{bicepPath}'\n\n");
        foreach (var (name, value) in values)
        {
            var type = declared[name]?["type"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"main.parameters.json sets '{name}', which main.bicep does not declare.");
            var typed = Coerce(value, type);
            if (typed is null)
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"param {name} = {ToBicep(typed)}\n");
        }

        return text.ToString();
    }

    private static JsonNode? Coerce(JsonNode? value, string type)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return type.ToUpperInvariant() switch
            {
                "BOOL" when bool.TryParse(s, out var b) => JsonValue.Create(b),
                "BOOL" => throw new FormatException($"'{s}' is not a bool."),
                "INT" when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
                "INT" => throw new FormatException($"'{s}' is not an int."),
                _ => value,
            };
        }

        return value;
    }

    /// <summary>A JSON value written as a Bicep literal.</summary>
    public static string ToBicep(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{\n" + string.Concat(o.Select(p => $"  '{Escape(p.Key)}': {ToBicep(p.Value)}\n")) + "}",
        JsonArray a => "[\n" + string.Concat(a.Select(i => $"  {ToBicep(i)}\n")) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => $"'{Escape(s)}'",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
