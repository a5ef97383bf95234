using System.Text.Json.Nodes;
using NJsonSchema;

namespace Runbook.Functions.Tests.Schemas;

/// <summary>azure.yaml, host.json, local.settings.sample.json and every workflow match their published schemas.</summary>
public sealed class SchemaTests
{
    public static TheoryData<string> Workflows =>
    [
        .. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, ".github", "workflows"), "*.yml")
            .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Azure_yaml_matches_the_azd_schema()
    {
        var errors = await ValidateAsync("azure.yaml.schema.json", YamlDocument.ToJson(Read("azure.yaml")));
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_a_function()
    {
        var service = YamlDocument.ToJson(Read("azure.yaml"))!.AsObject()["services"]!.AsObject().Single();
        Assert.Equal("src/Runbook.Functions", service.Value!["project"]!.GetValue<string>());
        Assert.Equal("dotnet", service.Value["language"]!.GetValue<string>());
        Assert.Equal("function", service.Value["host"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "src", "Runbook.Functions", "Runbook.Functions.csproj")));
    }

    [Fact]
    public async Task Host_json_matches_the_functions_host_schema()
    {
        var errors = await ValidateAsync("host.json.schema.json", JsonNode.Parse(Read("host.json")));
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task Local_settings_sample_matches_the_core_tools_schema()
    {
        var errors = await ValidateAsync("local.settings.schema.json", JsonNode.Parse(Read("local.settings.sample.json")));
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task Workflow_matches_the_github_schema(string workflow)
    {
        var errors = await ValidateAsync("github-workflow.schema.json", YamlDocument.ToJson(Read(workflow)));
        Assert.True(errors.Count == 0, $"{workflow}:\n{string.Join('\n', errors)}");
    }

    // The validators must reject what the tools would reject; otherwise the tests above could not fail.
    [Theory]
    [InlineData("azure.yaml.schema.json", "services:\n  api:\n    project: src/Runbook.Functions\n    language: dotnet\n    host: function\n", "name")]
    [InlineData("azure.yaml.schema.json", "name: runbook\nservices:\n  api:\n    project: src/Runbook.Functions\n    language: dotnet\n", "host")]
    [InlineData("azure.yaml.schema.json", "name: runbook\nservices:\n  api:\n    language: dotnet\n    host: function\n", "NotAnyOf")]
    [InlineData("azure.yaml.schema.json", "name: runbook\nservices:\n  api:\n    project: src/Runbook.Functions\n    language: dotnet\n    host: appservice\n    remoteBuild: true\n", "remoteBuild")]
    [InlineData("azure.yaml.schema.json", "name: runbook\nservices: {}\n", "services")]
    [InlineData("github-workflow.schema.json", "on: push\njobs:\n  build:\n    steps:\n      - run: echo\n", "runs-on")]
    [InlineData("github-workflow.schema.json", "on: push\npermissions:\n  id-token: writ\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n", "id-token")]
    [InlineData("github-workflow.schema.json", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: \"ten\"\n    steps:\n      - run: echo\n", "timeout-minutes")]
    public async Task A_broken_yaml_file_is_rejected(string schema, string yaml, string expected)
    {
        var errors = await ValidateAsync(schema, YamlDocument.ToJson(yaml));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("host.json.schema.json", """{ "version": "1.0" }""", "version")]
    [InlineData("host.json.schema.json", """{ "version": "2.0", "functionTimeout": 10 }""", "functionTimeout")]
    [InlineData("local.settings.schema.json", """{ "IsEncrypted": "no", "Values": {} }""", "IsEncrypted")]
    public async Task A_broken_json_file_is_rejected(string schema, string json, string expected)
    {
        var errors = await ValidateAsync(schema, JsonNode.Parse(json));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    private static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));

    private static async Task<List<string>> ValidateAsync(string schemaFile, JsonNode? document)
    {
        var schema = await PublishedSchemas.LoadAsync(schemaFile);
        return [.. Flatten(schema.Validate(document?.ToJsonString() ?? "null"))];
    }

    private static IEnumerable<string> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return $"{error.Path}: {error.Kind} ({error.Property}) at line {error.LineNumber}";
            if (error is NJsonSchema.Validation.ChildSchemaValidationError child)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return $"  {nested}";
                }
            }
        }
    }
}
