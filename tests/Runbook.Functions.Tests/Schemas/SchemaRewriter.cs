using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Schemas;

/// <summary>
/// NJsonSchema (the validator this registry offers) reads draft-04 keywords; the published schemas also use
/// <c>const</c> (draft-06), boolean schemas (draft-06) and <c>if</c>/<c>then</c>/<c>else</c> (draft-07), which it would
/// silently ignore. This rewrites them into draft-04 equivalents so they are enforced:
/// <c>const: x</c> is <c>enum: [x]</c>; <c>true</c> is <c>{}</c> and <c>false</c> is <c>{ not: {} }</c>; and
/// <c>if A then B else C</c> is <c>anyOf: [ allOf: [A, B], allOf: [not A, C] ]</c>.
/// </summary>
public static class SchemaRewriter
{
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"];
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly string[] SchemaValues = ["not", "items", "additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "unevaluatedProperties"];

    /// <summary>The rewritten schema (a new tree; <paramref name="schema"/> is left as it was).</summary>
    public static JsonNode Rewrite(JsonNode schema)
    {
        var copy = schema.DeepClone();
        return Replacement(copy, nativeBoolean: false) ?? copy;
    }

    /// <summary>
    /// Rewrites <paramref name="node"/>'s object schemas in place and returns a new node only where a boolean schema
    /// must become an object (draft-04 readers take booleans natively only under additionalProperties/Items).
    /// </summary>
    private static JsonObject? Replacement(JsonNode? node, bool nativeBoolean)
    {
        switch (node)
        {
            case JsonValue v when !nativeBoolean && v.TryGetValue<bool>(out var b):
                return b ? [] : new JsonObject { ["not"] = new JsonObject() };
            case JsonObject o:
                RewriteObject(o);
                return null;
            default:
                return null;
        }
    }

    private static void RewriteObject(JsonObject o)
    {
        foreach (var key in SchemaMaps)
        {
            if (o[key] is JsonObject map)
            {
                foreach (var name in map.Select(p => p.Key).ToList())
                {
                    if (Replacement(map[name], nativeBoolean: false) is { } replacement)
                    {
                        map[name] = replacement;
                    }
                }
            }
        }

        foreach (var key in SchemaValues)
        {
            if (o[key] is JsonArray tuple)
            {
                RewriteList(tuple); // items (and additionalItems) in tuple form
            }
            else if (Replacement(o[key], nativeBoolean: key is "additionalProperties" or "additionalItems") is { } replacement)
            {
                o[key] = replacement;
            }
        }

        foreach (var key in SchemaLists)
        {
            if (o[key] is JsonArray list)
            {
                RewriteList(list);
            }
        }

        if (o.ContainsKey("const"))
        {
            var value = o["const"]?.DeepClone();
            o.Remove("const");
            o["enum"] = new JsonArray(value);
        }

        if (o["if"] is JsonObject condition)
        {
            var then = o["then"]?.DeepClone() ?? new JsonObject();
            var otherwise = o["else"]?.DeepClone() ?? new JsonObject();
            o.Remove("if");
            o.Remove("then");
            o.Remove("else");
            var rule = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["allOf"] = new JsonArray(condition.DeepClone(), then) },
                    new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = condition }, otherwise) }),
            };
            if (o["allOf"] is JsonArray all)
            {
                all.Add(rule);
            }
            else
            {
                o["allOf"] = new JsonArray(rule);
            }
        }
    }

    private static void RewriteList(JsonArray list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (Replacement(list[i], nativeBoolean: false) is { } replacement)
            {
                list[i] = replacement;
            }
        }
    }
}
