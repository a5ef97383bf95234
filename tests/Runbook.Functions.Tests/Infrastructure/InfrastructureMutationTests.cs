using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// Each check must fail when the property it guards is removed or weakened: the real deployments are copied,
/// one thing is changed, and the checker has to name it. Without these, a checker that stopped looking would pass.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InfrastructureMutationTests(InfrastructureFixture infra)
{
    private static readonly Dictionary<string, (Action<Deployment> Mutate, string Expected)> SecurityCases = new()
    {
        ["https only off"] = (d => One(d, "Microsoft.Web/sites").Set("properties.httpsOnly", false), "httpsOnly"),
        ["TLS 1.0 on the app"] = (d => One(d, "Microsoft.Web/sites").Set("properties.siteConfig.minTlsVersion", "1.0"), "minTlsVersion"),
        ["FTP allowed"] = (d => One(d, "Microsoft.Web/sites").Set("properties.siteConfig.ftpsState", "AllAllowed"), "ftpsState"),
        ["runtime .NET 8"] = (d => One(d, "Microsoft.Web/sites").Set("properties.functionAppConfig.runtime.version", "8.0"), "dotnet-isolated 10.0"),
        ["system-assigned identity"] = (d => One(d, "Microsoft.Web/sites").Set("identity.type", "SystemAssigned, UserAssigned"), "user-assigned identity"),
        ["consumption Y1 plan"] = (d => One(d, "Microsoft.Web/serverfarms").Set("sku.name", "Y1"), "Flex Consumption"),
        ["scm basic auth allowed"] = (d => d.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Last().Set("properties.allow", true), "basicPublishingCredentialsPolicies/scm"),
        ["shared key left to its default"] = (d => One(d, "Microsoft.Storage/storageAccounts").Set("properties.allowSharedKeyAccess", null), "allowSharedKeyAccess"),
        ["storage TLS 1.0"] = (d => d.OfType("Microsoft.Storage/storageAccounts").Last().Set("properties.minimumTlsVersion", "TLS1_0"), "minimumTlsVersion"),
        ["public blobs"] = (d => One(d, "Microsoft.Storage/storageAccounts").Set("properties.allowBlobPublicAccess", true), "allowBlobPublicAccess"),
        ["soft delete off"] = (d => One(d, "Microsoft.Storage/storageAccounts/blobServices").Set("properties.deleteRetentionPolicy.enabled", false), "soft delete"),
        ["versioning off"] = (d => d.OfType("Microsoft.Storage/storageAccounts/blobServices").Last().Set("properties.isVersioningEnabled", false), "versioning"),
        ["no control container"] = (d => Remove(d, "Microsoft.Storage/storageAccounts/blobServices/containers", "/control"), "'control'"),
        ["no immutability on audit"] = (d => Remove(d, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies", "/audit/default"), "immutability"),
        ["daily backups kept 30 days"] = (d => Rule(d, "backups-daily").Set("definition.actions.baseBlob.delete.daysAfterCreationGreaterThan", 30), "'backups/daily/'"),
        ["pinned weekly backups deletable"] = (d => Rule(d, "backups-weekly").Set("definition.filters.blobIndexMatch", null), "runbook-pinned == no"),
        ["monthly backups never cold"] = (d => Rule(d, "backups-monthly").Set("definition.actions.baseBlob.tierToCold", null), "cold tier"),
        ["vault with access policies"] = (d => One(d, "Microsoft.KeyVault/vaults").Set("properties.enableRbacAuthorization", false), "enableRbacAuthorization"),
        ["no purge protection"] = (d => One(d, "Microsoft.KeyVault/vaults").Set("properties.enablePurgeProtection", null), "enablePurgeProtection"),
        ["Application Insights keys allowed"] = (d => One(d, "Microsoft.Insights/components").Set("properties.DisableLocalAuth", false), "DisableLocalAuth"),
        ["Owner instead of Secrets Officer"] = (d => Assignment(d, SecurityChecker.Roles.KeyVaultSecretsOfficer).Set("properties.roleDefinitionId", $"/providers/Microsoft.Authorization/roleDefinitions/{SecurityChecker.Roles.Owner}"), "Owner, Contributor"),
        ["Contributor on backups missing"] = (d => Assignment(d, SecurityChecker.Roles.StorageBlobDataContributor).Set("properties.roleDefinitionId", $"/providers/Microsoft.Authorization/roleDefinitions/{SecurityChecker.Roles.StorageBlobDataReader}"), "Storage Blob Data Contributor"),
        ["Metrics Publisher missing"] = (d => Remove(d, "Microsoft.Authorization/roleAssignments", Assignment(d, SecurityChecker.Roles.MonitoringMetricsPublisher).Str("name")!), "Monitoring Metrics Publisher"),
    };

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Expected)> SettingCases = new()
    {
        ["schedule missing"] = (s => s.Remove("RUNBOOK_HEALTH_CHECK_SCHEDULE"), "RUNBOOK_HEALTH_CHECK_SCHEDULE is missing"),
        ["five-field schedule"] = (s => s["RUNBOOK_HEALTH_CHECK_SCHEDULE"] = "0 9 * * *", "not a six-field NCRONTAB"),
        ["report storage missing"] = (s => s.Remove("Runbook__Storage__BlobServiceUri"), "report storage is not configured"),
        ["vault address missing"] = (s => s.Remove("Runbook__KeyVault__VaultUri"), "Runbook:Targets:0"),
        ["misspelt option"] = (s => s["Runbook__Storage__BlobServiceUrl"] = "https://x.blob.core.windows.net/", "do not match the code"),
        ["misspelt threshold"] = (s => s["Runbook__HealthCheck__LatencyWarnin"] = "00:00:01", "do not match the code"),
        ["threshold that is not a number"] = (s => s["Runbook__HealthCheck__ErrorsCritical"] = "many", "do not match the code"),
        ["unknown section"] = (s => s["Runbook__Backup__Container"] = "backups", "a section the code does not read"),
        ["unsupported provider"] = (s => s["Runbook__Targets__0__Provider"] = "Oracle", "Provider 'Oracle'"),
        ["connection string in settings"] = (s => s["Runbook__Targets__0__ConnectionString"] = "Host=db;Password=hunter2", "carries a secret"),
        ["storage key credential"] = (s => s["AzureWebJobsStorage__credential"] = "connectionstring", "managedidentity"),
        ["worker runtime setting"] = (s => s["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated", "must not be set on Flex Consumption"),
        ["key-based telemetry"] = (s => s["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=Key", "Authorization=AAD"),
        ["no client id"] = (s => s.Remove("AZURE_CLIENT_ID"), "AZURE_CLIENT_ID is missing"),
    };

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Expected)> OutputCases = new()
    {
        ["storage key output"] = (t => t["outputs"]!["STORAGE"] = JsonNode.Parse("""{ "type": "string", "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2024-01-01').keys[0].value]" }"""), "list*()"),
        ["secure output"] = (t => t["outputs"]!["AZURE_THING"] = JsonNode.Parse("""{ "type": "securestring", "value": "x" }"""), "securestring"),
        ["secret-named output"] = (t => t["outputs"]!["DB_PASSWORD"] = JsonNode.Parse("""{ "type": "string", "value": "x" }"""), "looks like a secret"),
        ["connection string output"] = (t => t["outputs"]!["APPINSIGHTS"] = JsonNode.Parse("""{ "type": "string", "value": "[reference('x').ConnectionString]" }"""), "looks like a secret"),
        ["app name output missing"] = (t => t["outputs"]!.AsObject().Remove("AZURE_FUNCTION_APP_NAME"), "AZURE_FUNCTION_APP_NAME is missing"),
    };

    public static TheoryData<string> SecurityMutations => [.. SecurityCases.Keys];

    public static TheoryData<string> SettingMutations => [.. SettingCases.Keys];

    public static TheoryData<string> OutputMutations => [.. OutputCases.Keys];

    [Theory]
    [MemberData(nameof(SecurityMutations))]
    public void The_security_checker_reports(string mutation)
    {
        var (mutate, expected) = SecurityCases[mutation];
        var deployment = infra.Private.Clone();
        Assert.Empty(SecurityChecker.Check(deployment));
        mutate(deployment);
        var problems = SecurityChecker.Check(deployment);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SettingMutations))]
    public void The_app_settings_checker_reports(string mutation)
    {
        var (mutate, expected) = SettingCases[mutation];
        var deployment = infra.Private.Clone();
        Assert.Empty(AppSettingsChecker.Check(deployment, InfrastructureTests.ScheduleSettings));
        mutate(AppSettingsChecker.Settings(deployment));
        var problems = AppSettingsChecker.Check(deployment, InfrastructureTests.ScheduleSettings);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OutputMutations))]
    public void The_output_checker_reports(string mutation)
    {
        var (mutate, expected) = OutputCases[mutation];
        var compiled = infra.Compiled.DeepClone().AsObject();
        mutate(compiled);
        var problems = TemplateChecker.CheckOutputs(compiled);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_schedule_checker_reports_a_missing_default_and_a_bad_azd_default()
    {
        var compiled = infra.Compiled.DeepClone().AsObject();
        compiled.At("parameters.schedules.defaultValue")!.AsObject().Remove("RUNBOOK_HEALTH_CHECK_SCHEDULE");
        var parameters = infra.ParametersFile.DeepClone().AsObject();
        parameters.At("parameters.schedules.value")!["RUNBOOK_HEALTH_CHECK_SCHEDULE"] = "${RUNBOOK_HEALTH_CHECK_SCHEDULE=0 9 * * *}";

        var problems = TemplateChecker.CheckSchedules(compiled, parameters, InfrastructureTests.ScheduleSettings);

        Assert.Contains(problems, p => p.StartsWith("main.bicep's schedules default has no RUNBOOK_HEALTH_CHECK_SCHEDULE", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("main.parameters.json's schedules sets RUNBOOK_HEALTH_CHECK_SCHEDULE to \"0 9 * * *\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_lint_configuration_turns_a_rule_into_an_error()
    {
        // A file with an unused parameter, linted with the project's bicepconfig.json: the rule must be an error.
        var probe = Path.Combine(InfrastructureFixture.WorkFolder, "lint-probe.bicep");
        File.WriteAllText(probe, "param unused string\n");
        var result = BicepCli.Run(InfrastructureFixture.WorkFolder, "lint", probe, "--config", Path.Combine(RepositoryPaths.Root, "infra", "bicepconfig.json"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error no-unused-params", result.All, StringComparison.Ordinal);
    }

    private static JsonObject One(Deployment d, string type) => d.OfType(type).First();

    private static JsonObject Rule(Deployment d, string name) =>
        ((JsonArray)One(d, "Microsoft.Storage/storageAccounts/managementPolicies").At("properties.policy.rules")!).OfType<JsonObject>().Single(r => r.Str("name") == name);

    private static JsonObject Assignment(Deployment d, string role) =>
        d.OfType("Microsoft.Authorization/roleAssignments").First(a => a.Str("properties.roleDefinitionId")!.EndsWith(role, StringComparison.Ordinal) && a.Str("properties.principalType") == "ServicePrincipal");

    private static void Remove(Deployment d, string type, string nameEnding)
    {
        var resource = d.OfType(type).Single(r => r.Str("name")!.EndsWith(nameEnding, StringComparison.Ordinal));
        d.Resources.Remove(resource);
    }
}
