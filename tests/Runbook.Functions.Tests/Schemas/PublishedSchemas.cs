using System.Text.Json.Nodes;
using NJsonSchema;

namespace Runbook.Functions.Tests.Schemas;

/// <summary>
/// The published JSON schemas of the files azd, the Functions host, Core Tools and GitHub read. They are read
/// from ../shared/schemas beside the repository (or RUNBOOK_SCHEMAS_DIR, where the GitHub workflows download them
/// from the addresses below); they are never copied into the project.
/// </summary>
public static class PublishedSchemas
{
    /// <summary>File name in the schemas folder, and where it is published.</summary>
    public static readonly IReadOnlyDictionary<string, Uri> Published = new Dictionary<string, Uri>
    {
        ["azure.yaml.schema.json"] = new("https://raw.githubusercontent.com/Azure/azure-dev/main/schemas/v1.0/azure.yaml.json"),
        ["host.json.schema.json"] = new("https://json.schemastore.org/host.json"),
        ["local.settings.schema.json"] = new("https://json.schemastore.org/local.settings.json"),
        ["github-workflow.schema.json"] = new("https://json.schemastore.org/github-workflow.json"),
    };

    /// <summary>The folder holding the schemas.</summary>
    public static string Folder { get; } =
        Environment.GetEnvironmentVariable("RUNBOOK_SCHEMAS_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "schemas"));

    /// <summary>
    /// Loads <paramref name="fileName"/>. References to other documents (azure.yaml's AI extension schemas) are
    /// dropped, so validation never reaches off this machine; those parts accept anything. Keywords NJsonSchema
    /// does not enforce are rewritten into equivalent ones it does (see <see cref="SchemaRewriter"/>).
    /// </summary>
    public static async Task<JsonSchema> LoadAsync(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Schema {path} not found. Put the published schemas in ../shared/schemas beside the repository or set RUNBOOK_SCHEMAS_DIR " +
                $"to a folder holding them (download {fileName} from {Published[fileName]}).", path);
        }

        var document = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        DropExternalReferences(document);
        return await JsonSchema.FromJsonAsync(SchemaRewriter.Rewrite(document).ToJsonString());
    }

    private static void DropExternalReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && !target.StartsWith('#'))
                {
                    o.Remove("$ref");
                }

                foreach (var (_, child) in o.ToList())
                {
                    DropExternalReferences(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    DropExternalReferences(child);
                }

                break;
        }
    }
}
