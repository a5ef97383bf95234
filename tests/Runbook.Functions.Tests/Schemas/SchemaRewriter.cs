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
    private static readonly string[] SchemaValues = ["not", "items", "additionalItems", "contains", "propertyNames", "if", "then", "else", "unevaluatedProperties"];

    /// <summary>The rewritten schema (a new tree; <paramref name="schema"/> is left as it was).</summary>
    public static JsonNode Rewrite(JsonNode schema) => RewriteSchema(schema.DeepClone())!;

    private static JsonNode? RewriteSchema(JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b ? new JsonObject() : new JsonObject { ["not"] = new JsonObject() };
        }

        if (node is not JsonObject o)
        {
            return node;
        }

        foreach (var key in SchemaMaps)
        {
            if (o[key] is JsonObject map)
            {
                foreach (var name in map.Select(p => p.Key).ToList())
                {
                    map[name] = RewriteSchema(Detach(map[name]!));
                }
            }
        }

        foreach (var key in SchemaLists)
        {
            if (o[key] is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = RewriteSchema(Detach(list[i]!));
                }
            }
        }

        foreach (var key in SchemaValues)
        {
            if (o[key] is { } child && (key != "items" || child is JsonObject) && (key != "additionalItems" || child is JsonObject))
            {
                o[key] = RewriteSchema(Detach(child));
            }
        }

        if (o["additionalProperties"] is JsonObject additional)
        {
            o["additionalProperties"] = RewriteSchema(Detach(additional));
        }

        if (o.ContainsKey("const"))
        {
            var value = Detach(o["const"]);
            o.Remove("const");
            o["enum"] = new JsonArray(value);
        }

        if (o["if"] is JsonObject condition)
        {
            var then = o["then"] is JsonObject t ? Detach(t) : new JsonObject();
            var otherwise = o["else"] is JsonObject e ? Detach(e) : new JsonObject();
            o.Remove("if");
            o.Remove("then");
            o.Remove("else");
            var rule = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["allOf"] = new JsonArray(condition.DeepClone(), then) },
                    new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = condition.DeepClone() }, otherwise) }),
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

        return o;
    }

    private static JsonNode? Detach(JsonNode? node) => node?.DeepClone();
}
