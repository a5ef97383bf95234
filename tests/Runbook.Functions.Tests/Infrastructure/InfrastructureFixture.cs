using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// Builds and lints infra/ once per test run, and evaluates two deployments with <c>bicep snapshot</c>: the
/// parameters azd would pass from infra/main.parameters.json with a minimal environment, and a private one (VNet,
/// alert e-mail, an operator principal, a PostgreSQL and a MySQL target, two health check thresholds).
/// </summary>
public sealed class InfrastructureFixture
{
    /// <summary>Values the snapshots use for what Azure would supply.</summary>
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000aaaa";

    /// <summary>The operator principal of the private scenario.</summary>
    public const string OperatorPrincipalId = "11111111-2222-3333-4444-555555555555";

    public InfrastructureFixture()
    {
        Directory.CreateDirectory(WorkFolder);
        Build = BicepCli.Run(RepositoryPaths.Root, "build", Path.Combine("infra", "main.bicep"), "--outfile", CompiledPath);
        Lint = BicepCli.Run(RepositoryPaths.Root, "lint", "--pattern", "infra/**/*.bicep");
        Compiled = Build.ExitCode == 0 ? JsonNode.Parse(File.ReadAllText(CompiledPath))!.AsObject() : new JsonObject();
        ParametersFile = JsonNode.Parse(File.ReadAllText(ParametersPath))!.AsObject();

        Default = Evaluate("default", new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "ci",
            ["AZURE_LOCATION"] = "westeurope",
        }, new Dictionary<string, JsonNode>());

        Private = Evaluate("private", new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "ci-private",
            ["AZURE_LOCATION"] = "westeurope",
            ["AZURE_PRINCIPAL_ID"] = OperatorPrincipalId,
            ["RUNBOOK_ALERT_EMAIL"] = "oncall@example.com",
            ["RUNBOOK_ENABLE_VNET"] = "true",
        }, new Dictionary<string, JsonNode>
        {
            ["targets"] = JsonNode.Parse("""
                [
                  { "name": "shop", "provider": "PostgreSql", "connectionStringSecret": "shop-connection-string",
                    "errorLogTable": "error_log", "queueTables": ["email_outbox", "sync_queue"] },
                  { "name": "legacy", "provider": "MySql", "connectionStringSecret": "legacy-connection-string" }
                ]
                """)!,
            ["healthCheckOptions"] = JsonNode.Parse("""{ "LatencyWarning": "00:00:00.200", "ErrorsCritical": 50 }""")!,
        });
    }

    /// <summary>Where compiled and evaluated files go (ignored by git).</summary>
    public static string WorkFolder { get; } = Path.Combine(RepositoryPaths.Root, ".artifacts", "infra");

    /// <summary>infra/main.parameters.json.</summary>
    public static string ParametersPath { get; } = Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json");

    /// <summary>The compiled ARM template.</summary>
    public static string CompiledPath { get; } = Path.Combine(WorkFolder, "main.json");

    /// <summary><c>bicep build infra/main.bicep</c>.</summary>
    public BicepResult Build { get; }

    /// <summary><c>bicep lint</c> over every .bicep file under infra/.</summary>
    public BicepResult Lint { get; }

    /// <summary>The compiled ARM JSON (empty when the build failed).</summary>
    public JsonObject Compiled { get; }

    /// <summary>infra/main.parameters.json as written (azd references not yet substituted).</summary>
    public JsonObject ParametersFile { get; }

    /// <summary>The deployment from main.parameters.json with a minimal azd environment.</summary>
    public Deployment Default { get; }

    /// <summary>The private deployment: VNet and private endpoints, alerts with e-mail, operator roles, two targets.</summary>
    public Deployment Private { get; }

    /// <summary>Both deployments.</summary>
    public IEnumerable<Deployment> All => [Default, Private];

    private Deployment Evaluate(string scenario, Dictionary<string, string> environment, Dictionary<string, JsonNode> overrides)
    {
        if (Build.ExitCode != 0)
        {
            return new Deployment(scenario, []);
        }

        var substituted = JsonNode.Parse(AzdParameters.Substitute(File.ReadAllText(ParametersPath), environment))!.AsObject();
        var paramFile = Path.Combine(WorkFolder, $"{scenario}.bicepparam");
        var bicepPath = Path.GetRelativePath(WorkFolder, Path.Combine(RepositoryPaths.Root, "infra", "main.bicep")).Replace('\\', '/');
        File.WriteAllText(paramFile, AzdParameters.ToBicepParam(bicepPath, substituted, Compiled, overrides));

        var snapshot = BicepCli.Run(WorkFolder, "snapshot", paramFile, "--mode", "Overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", "00000000-0000-0000-0000-00000000bbbb", "--location", "westeurope");
        if (snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep snapshot of the {scenario} deployment failed:\n{snapshot.All}");
        }

        return Deployment.Load(scenario, Path.ChangeExtension(paramFile, ".snapshot.json"));
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
