using System.Text.Json.Nodes;
using Runbook.Scheduling;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>infra/ builds and lints clean, and both evaluated deployments have every property the checkers demand.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InfrastructureTests(InfrastructureFixture infra)
{
    /// <summary>Every timer setting: from the sources (the catalog test's view) and from the schedule table.</summary>
    public static IReadOnlyList<string> ScheduleSettings { get; } =
    [
        .. FunctionCatalog.Read(FunctionCatalog.Parse(RepositoryPaths.FunctionsSources()))
            .Where(f => f.Trigger == "TimerTrigger" && f.Schedule is { } s && s.StartsWith('%'))
            .Select(f => f.Schedule!.Trim('%')),
        .. JobSchedules.All.Select(s => s.SettingName),
    ];

    [Fact]
    public void Bicep_builds_without_any_diagnostic()
    {
        Assert.True(infra.Build.ExitCode == 0 && infra.Build.All.Length == 0, $"bicep build infra/main.bicep:\n{infra.Build.All}");
    }

    [Fact]
    public void Bicep_lints_without_any_diagnostic()
    {
        Assert.True(infra.Lint.ExitCode == 0 && infra.Lint.All.Length == 0, $"bicep lint infra/**/*.bicep:\n{infra.Lint.All}");
    }

    [Fact]
    public void The_timer_schedules_come_from_the_catalog()
    {
        Assert.Contains("RUNBOOK_HEALTH_CHECK_SCHEDULE", ScheduleSettings);
    }

    [Fact]
    public void Both_deployments_have_every_security_property()
    {
        foreach (var deployment in infra.All)
        {
            Assert.NotEmpty(deployment.Resources);
            var problems = SecurityChecker.Check(deployment);
            Assert.True(problems.Count == 0, $"{deployment.Scenario}:\n{string.Join('\n', problems)}");
        }
    }

    [Fact]
    public void Both_deployments_set_every_app_setting_the_code_reads()
    {
        foreach (var deployment in infra.All)
        {
            var problems = AppSettingsChecker.Check(deployment, ScheduleSettings);
            Assert.True(problems.Count == 0, string.Join('\n', problems));
        }
    }

    [Fact]
    public void The_target_list_becomes_indexed_settings_with_key_vault_secrets()
    {
        var settings = AppSettingsChecker.Settings(infra.Private);
        Assert.Equal("shop", settings["Runbook__Targets__0__Name"]?.GetValue<string>());
        Assert.Equal("PostgreSql", settings["Runbook__Targets__0__Provider"]?.GetValue<string>());
        Assert.Equal("shop-connection-string", settings["Runbook__Targets__0__ConnectionStringSecret"]?.GetValue<string>());
        Assert.Equal("error_log", settings["Runbook__Targets__0__ErrorLog__Table"]?.GetValue<string>());
        Assert.Equal("sync_queue", settings["Runbook__Targets__0__Queues__1__Table"]?.GetValue<string>());
        Assert.Equal("MySql", settings["Runbook__Targets__1__Provider"]?.GetValue<string>());
        Assert.False(settings.ContainsKey("Runbook__Targets__1__ErrorLog__Table"));
        Assert.Equal("00:00:00.200", settings["Runbook__HealthCheck__LatencyWarning"]?.GetValue<string>());
        Assert.Equal("50", settings["Runbook__HealthCheck__ErrorsCritical"]?.GetValue<string>());
        Assert.StartsWith("[reference(", settings["Runbook__KeyVault__VaultUri"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_outputs_what_azd_needs_and_no_secret()
    {
        var problems = TemplateChecker.CheckOutputs(infra.Compiled);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_timer_has_a_valid_schedule_in_the_template_and_the_azd_parameters()
    {
        var problems = TemplateChecker.CheckSchedules(infra.Compiled, infra.ParametersFile, ScheduleSettings);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_private_deployment_integrates_the_vnet_and_closes_public_access()
    {
        var site = infra.Private.OfType("Microsoft.Web/sites").Single();
        Assert.NotNull(site.Str("properties.virtualNetworkSubnetId"));
        Assert.All(infra.Private.OfType("Microsoft.Storage/storageAccounts"), a => Assert.Equal("Disabled", a.Str("properties.publicNetworkAccess")));
        Assert.Equal("Disabled", infra.Private.OfType("Microsoft.KeyVault/vaults").Single().Str("properties.publicNetworkAccess"));
        var endpoints = infra.Private.OfType("Microsoft.Network/privateEndpoints").Select(e => e.At("properties.privateLinkServiceConnections")![0].Str("properties.privateLinkServiceId")).ToList();
        Assert.Equal(3, endpoints.Count);
        Assert.Contains(endpoints, e => e!.Contains("/vaults/", StringComparison.Ordinal));
        Assert.Equal(2, endpoints.Count(e => e!.Contains("/storageAccounts/", StringComparison.Ordinal)));

        Assert.Null(infra.Default.OfType("Microsoft.Web/sites").Single().Str("properties.virtualNetworkSubnetId"));
        Assert.Empty(infra.Default.OfType("Microsoft.Network/privateEndpoints"));
    }

    [Fact]
    public void Alerts_mail_the_action_group_for_failed_executions_and_critical_health_checks()
    {
        var group = infra.Private.OfType("Microsoft.Insights/actionGroups").Single();
        Assert.Equal("oncall@example.com", group.At("properties.emailReceivers")![0].Str("emailAddress"));
        var rules = infra.Private.OfType("Microsoft.Insights/scheduledQueryRules").ToList();
        Assert.Contains(rules, r => r.At("properties.criteria.allOf")![0].Str("query")!.Contains("success == false", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.At("properties.criteria.allOf")![0].Str("query")!.Contains("\"Critical\"", StringComparison.Ordinal));
        Assert.All(rules, r => Assert.Single(r.At("properties.actions.actionGroups")!.AsArray()));
        Assert.All(rules, r => Assert.Contains("/components/", r.At("properties.scopes")![0]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_operator_gets_key_vault_secrets_officer_and_blob_reader_only_when_given()
    {
        var operatorRoles = infra.Private.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.Str("properties.principalId") == InfrastructureFixture.OperatorPrincipalId)
            .Select(a => a.Str("properties.roleDefinitionId")!.Split('/')[^1])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { SecurityChecker.Roles.StorageBlobDataReader, SecurityChecker.Roles.KeyVaultSecretsOfficer }.Order(StringComparer.Ordinal), operatorRoles);
        Assert.Equal(4, infra.Default.OfType("Microsoft.Authorization/roleAssignments").Count());
    }

    [Fact]
    public void The_app_carries_the_azd_service_tag_of_azure_yaml()
    {
        var services = Schemas.YamlDocument.ToJson(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml")))!["services"]!.AsObject();
        var tag = infra.Default.OfType("Microsoft.Web/sites").Single().Str("tags.azd-service-name");
        Assert.Equal(services.Single().Key, tag);
    }
}
