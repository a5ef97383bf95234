using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// The resources one deployment of infra/main.bicep would create, as <c>bicep snapshot</c> predicts them: the
/// compiled ARM JSON evaluated with real parameter values. Values only known in Azure stay ARM expressions
/// (<c>[reference(...)]</c>).
/// </summary>
public sealed class Deployment(string scenario, JsonArray resources)
{
    /// <summary>Which parameter set produced it.</summary>
    public string Scenario { get; } = scenario;

    /// <summary>Every predicted resource.</summary>
    public JsonArray Resources { get; } = resources;

    /// <summary>Resources of <paramref name="type"/> (case-insensitive, as ARM compares types).</summary>
    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.OfType<JsonObject>().Where(r => string.Equals(r.Str("type"), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy to change in a mutation test.</summary>
    public Deployment Clone() => new(Scenario, Resources.DeepClone().AsArray());

    /// <summary>Reads a snapshot file written by <c>bicep snapshot</c>.</summary>
    public static Deployment Load(string scenario, string snapshotPath)
    {
        var snapshot = JsonNode.Parse(File.ReadAllText(snapshotPath))!.AsObject();
        return new Deployment(scenario, snapshot["predictedResources"]!.AsArray());
    }
}

/// <summary>Dotted-path access to JSON, so checks read like the ARM property paths they test.</summary>
public static class JsonPath
{
    /// <summary>The node at <paramref name="path"/> (e.g. <c>properties.siteConfig.minTlsVersion</c>), or null.</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    /// <summary>The string at <paramref name="path"/>, or null when absent or not a string.</summary>
    public static string? Str(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>True only when the value at <paramref name="path"/> is the JSON literal true.</summary>
    public static bool IsTrue(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>True only when the value at <paramref name="path"/> is the JSON literal false.</summary>
    public static bool IsFalse(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<bool>(out var b) && !b;

    /// <summary>The number at <paramref name="path"/>, or null.</summary>
    public static long? Num(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>Sets (or with null, removes) the value at <paramref name="path"/>; for mutation tests.</summary>
    public static void Set(this JsonNode node, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = node;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] ?? throw new InvalidOperationException($"No '{part}' on the way to '{path}'.");
        }

        if (value is null)
        {
            parent.AsObject().Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }
}
