using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Schemas;

/// <summary>The deployment workflow tests before it deploys, signs in with OIDC and asks for no more than it needs.</summary>
public sealed class DeliveryWorkflowTests
{
    private static readonly JsonObject Workflow =
        YamlDocument.ToJson(File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".github", "workflows", "azure-dev.yml")))!.AsObject();

    [Fact]
    public void The_workflow_reads_nothing_but_contents_by_default()
    {
        Assert.Equal("""{"contents":"read"}""", Workflow["permissions"]!.ToJsonString());
    }

    [Fact]
    public void Build_and_test_run_first_and_deploy_waits_for_them()
    {
        var jobs = Workflow["jobs"]!.AsObject();
        Assert.Equal("./.github/workflows/ci.yml", jobs["test"]!["uses"]!.GetValue<string>());
        Assert.Equal("test", jobs["deploy"]!["needs"]!.GetValue<string>());
    }

    [Fact]
    public void Only_the_deploy_job_may_request_an_oidc_token()
    {
        var deploy = Workflow["jobs"]!["deploy"]!;
        Assert.Equal("""{"contents":"read","id-token":"write"}""", deploy["permissions"]!.ToJsonString());
        Assert.Null(Workflow["jobs"]!["test"]!["permissions"]);
    }

    [Fact]
    public void The_azure_identity_comes_from_repository_variables_not_secrets()
    {
        var env = Workflow["jobs"]!["deploy"]!["env"]!.AsObject();
        foreach (var name in new[] { "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_LOCATION" })
        {
            Assert.Equal($"${{{{ vars.{name} }}}}", env[name]?.GetValue<string>());
        }

        Assert.DoesNotContain("secrets.", Workflow.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_deploy_job_signs_in_with_the_federated_credential_then_provisions_and_deploys()
    {
        var runs = Workflow["jobs"]!["deploy"]!["steps"]!.AsArray().Select(s => s!["run"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Contains(runs, r => r.StartsWith("azd auth login", StringComparison.Ordinal) && r.Contains("--federated-credential-provider github", StringComparison.Ordinal));
        var provision = runs.FindIndex(r => r.StartsWith("azd provision", StringComparison.Ordinal));
        var deploy = runs.FindIndex(r => r.StartsWith("azd deploy", StringComparison.Ordinal));
        Assert.True(provision >= 0 && deploy > provision, string.Join('\n', runs));
    }
}
