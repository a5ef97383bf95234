using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// The security properties every deployment of infra/main.bicep must have, checked on the predicted resources.
/// Each problem names the resource and the property, and says what it must be.
/// </summary>
public static class SecurityChecker
{
    /// <summary>Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).</summary>
    public static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
        public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
        public const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
        public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    }

    /// <summary>The containers Runbook's jobs and the deployment need.</summary>
    public static readonly string[] Containers = ["deployment", "backups", "reports", "audit", "control"];

    /// <summary>Every problem found in <paramref name="deployment"/>; empty when all properties hold.</summary>
    public static IReadOnlyList<string> Check(Deployment deployment)
    {
        var problems = new List<string>();
        CheckFunctionApp(deployment, problems);
        CheckStorage(deployment, problems);
        CheckKeyVault(deployment, problems);
        CheckMonitoring(deployment, problems);
        CheckRoleAssignments(deployment, problems);
        return problems;
    }

    private static void CheckFunctionApp(Deployment d, List<string> problems)
    {
        var plans = d.OfType("Microsoft.Web/serverfarms").ToList();
        if (plans.Count != 1 || plans[0].Str("sku.name") != "FC1" || plans[0].Str("sku.tier") != "FlexConsumption" || !plans[0].IsTrue("properties.reserved"))
        {
            problems.Add("The app must run on one Flex Consumption plan: sku FC1, tier FlexConsumption, properties.reserved true (Linux).");
        }

        var sites = d.OfType("Microsoft.Web/sites").ToList();
        if (sites.Count != 1)
        {
            problems.Add($"Expected one Microsoft.Web/sites, found {sites.Count}.");
            return;
        }

        var site = sites[0];
        var name = site.Str("name");
        Require(site.IsTrue("properties.httpsOnly"), $"Function app {name}: properties.httpsOnly must be true.", problems);
        Require(site.Str("properties.siteConfig.minTlsVersion") is "1.2" or "1.3", $"Function app {name}: properties.siteConfig.minTlsVersion must be 1.2 or 1.3.", problems);
        Require(site.Str("properties.siteConfig.ftpsState") == "Disabled", $"Function app {name}: properties.siteConfig.ftpsState must be Disabled (no FTP).", problems);
        Require(site.Str("kind") == "functionapp,linux", $"Function app {name}: kind must be functionapp,linux.", problems);
        Require(site.Str("properties.functionAppConfig.runtime.name") == "dotnet-isolated" && site.Str("properties.functionAppConfig.runtime.version") == "10.0",
            $"Function app {name}: functionAppConfig.runtime must be dotnet-isolated 10.0.", problems);
        Require(site.Str("identity.type") == "UserAssigned" && site.At("identity.userAssignedIdentities") is JsonObject { Count: 1 },
            $"Function app {name}: identity must be exactly one user-assigned identity (type UserAssigned).", problems);
        Require(site.Str("properties.functionAppConfig.deployment.storage.authentication.type") == "UserAssignedIdentity",
            $"Function app {name}: the deployment container must be reached with the user-assigned identity (functionAppConfig.deployment.storage.authentication.type UserAssignedIdentity).", problems);
        Require(site.Str("properties.functionAppConfig.deployment.storage.value")?.Contains("deployment", StringComparison.Ordinal) == true,
            $"Function app {name}: the deployment package must go to the 'deployment' container.", problems);

        foreach (var policy in new[] { "ftp", "scm" })
        {
            var found = d.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").FirstOrDefault(p => p.Str("name")?.EndsWith($"/{policy}", StringComparison.Ordinal) == true);
            Require(found is not null && found.IsFalse("properties.allow"),
                $"Function app {name}: basicPublishingCredentialsPolicies/{policy} must exist with allow false (no basic-auth publishing).", problems);
        }
    }

    private static void CheckStorage(Deployment d, List<string> problems)
    {
        var accounts = d.OfType("Microsoft.Storage/storageAccounts").ToList();
        if (accounts.Count == 0)
        {
            problems.Add("No storage account.");
        }

        foreach (var account in accounts)
        {
            var name = account.Str("name");
            Require(account.IsFalse("properties.allowSharedKeyAccess"), $"Storage account {name}: properties.allowSharedKeyAccess must be false (Entra identities only).", problems);
            Require(account.IsFalse("properties.allowBlobPublicAccess"), $"Storage account {name}: properties.allowBlobPublicAccess must be false.", problems);
            Require(account.Str("properties.minimumTlsVersion") is "TLS1_2" or "TLS1_3", $"Storage account {name}: properties.minimumTlsVersion must be TLS1_2 or later.", problems);
            Require(account.IsTrue("properties.supportsHttpsTrafficOnly"), $"Storage account {name}: properties.supportsHttpsTrafficOnly must be true.", problems);

            var blob = d.OfType("Microsoft.Storage/storageAccounts/blobServices").FirstOrDefault(b => b.Str("name") == $"{name}/default");
            Require(blob is not null && blob.IsTrue("properties.deleteRetentionPolicy.enabled") && blob.Num("properties.deleteRetentionPolicy.days") > 0,
                $"Storage account {name}: blob soft delete (blobServices/default deleteRetentionPolicy) must be enabled.", problems);
        }

        var containers = d.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        foreach (var container in Containers)
        {
            Require(containers.Any(c => c.Str("name")?.EndsWith($"/{container}", StringComparison.Ordinal) == true), $"Container '{container}' is missing.", problems);
        }

        var backups = containers.FirstOrDefault(c => c.Str("name")?.EndsWith("/backups", StringComparison.Ordinal) == true);
        if (backups is null)
        {
            return;
        }

        var dataAccount = backups.Str("name")!.Split('/')[0];
        var dataBlob = d.OfType("Microsoft.Storage/storageAccounts/blobServices").FirstOrDefault(b => b.Str("name") == $"{dataAccount}/default");
        Require(dataBlob is not null && dataBlob.IsTrue("properties.isVersioningEnabled"), $"Storage account {dataAccount} (backups): blob versioning must be enabled.", problems);

        var audit = containers.FirstOrDefault(c => c.Str("name") == $"{dataAccount}/default/audit");
        var auditPolicy = d.OfType("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies").FirstOrDefault(p => p.Str("name") == $"{dataAccount}/default/audit/default");
        Require(audit is not null && audit.IsTrue("properties.immutableStorageWithVersioning.enabled")
                && auditPolicy is not null && auditPolicy.Num("properties.immutabilityPeriodSinceCreationInDays") > 0,
            "The audit container must have a time-based immutability policy (immutableStorageWithVersioning enabled and immutabilityPolicies/default with a period in days).", problems);

        CheckLifecycle(d, dataAccount, problems);
    }

    private static void CheckLifecycle(Deployment d, string dataAccount, List<string> problems)
    {
        var policy = d.OfType("Microsoft.Storage/storageAccounts/managementPolicies").FirstOrDefault(p => p.Str("name") == $"{dataAccount}/default");
        var rules = policy?.At("properties.policy.rules") as JsonArray ?? [];

        // Default retention: 7 daily, 4 weekly, 12 monthly (seeds' runbook 002); the policy deletes a day or so after the job would.
        Expect("backups/daily/", deleteAfter: (7, 9), cool: false, cold: false);
        Expect("backups/weekly/", deleteAfter: (28, 30), cool: true, cold: false);
        Expect("backups/monthly/", deleteAfter: (365, 373), cool: true, cold: true);

        void Expect(string prefix, (int Min, int Max) deleteAfter, bool cool, bool cold)
        {
            var rule = rules.OfType<JsonObject>().FirstOrDefault(r => r.At("definition.filters.prefixMatch") is JsonArray p && p.Any(x => x?.GetValue<string>() == prefix));
            var actions = rule?.At("definition.actions.baseBlob");
            var delete = actions.Num("delete.daysAfterCreationGreaterThan");
            Require(rule is not null && rule.IsTrue("enabled") && delete >= deleteAfter.Min && delete <= deleteAfter.Max,
                $"Lifecycle policy on {dataAccount}: an enabled rule for '{prefix}' must delete blobs after {deleteAfter.Min}-{deleteAfter.Max} days (found {delete?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).", problems);
            Require(!cool || actions.Num("tierToCool.daysAfterCreationGreaterThan") is not null, $"Lifecycle policy on {dataAccount}: '{prefix}' must move to the cool tier.", problems);
            var unpinned = rule?.At("definition.filters.blobIndexMatch") is JsonArray match
                && match.OfType<JsonObject>().Any(m => m.Str("name") == "runbook-pinned" && m.Str("op") == "==" && m.Str("value") == "no");
            Require(unpinned, $"Lifecycle policy on {dataAccount}: '{prefix}' must match only blobs tagged runbook-pinned == no, so it never deletes a target's newest verified backup.", problems);
            Require(!cold || actions.Num("tierToCold.daysAfterCreationGreaterThan") is not null, $"Lifecycle policy on {dataAccount}: '{prefix}' must move to the cold tier.", problems);
        }
    }

    private static void CheckKeyVault(Deployment d, List<string> problems)
    {
        var vaults = d.OfType("Microsoft.KeyVault/vaults").ToList();
        Require(vaults.Count == 1, $"Expected one Key Vault, found {vaults.Count}.", problems);
        foreach (var vault in vaults)
        {
            var name = vault.Str("name");
            Require(vault.IsTrue("properties.enableRbacAuthorization"), $"Key Vault {name}: properties.enableRbacAuthorization must be true (Azure RBAC, no access policies).", problems);
            Require(vault.IsTrue("properties.enableSoftDelete"), $"Key Vault {name}: properties.enableSoftDelete must be true.", problems);
            Require(vault.IsTrue("properties.enablePurgeProtection"), $"Key Vault {name}: properties.enablePurgeProtection must be true.", problems);
            Require(vault.At("properties.accessPolicies") is null or JsonArray { Count: 0 }, $"Key Vault {name}: must not have access policies (RBAC only).", problems);
        }
    }

    private static void CheckMonitoring(Deployment d, List<string> problems)
    {
        var components = d.OfType("Microsoft.Insights/components").ToList();
        Require(components.Count == 1 && components.All(c => c.IsTrue("properties.DisableLocalAuth") && c.Str("properties.WorkspaceResourceId") is not null),
            "Application Insights must be workspace-based with properties.DisableLocalAuth true (Entra-authenticated ingestion only).", problems);
        Require(d.OfType("Microsoft.OperationalInsights/workspaces").Any(w => w.IsTrue("properties.features.disableLocalAuth")),
            "The Log Analytics workspace must have properties.features.disableLocalAuth true.", problems);
    }

    private static void CheckRoleAssignments(Deployment d, List<string> problems)
    {
        var assignments = d.OfType("Microsoft.Authorization/roleAssignments").ToList();
        var identity = d.OfType("Microsoft.ManagedIdentity/userAssignedIdentities").SingleOrDefault()?.Str("name");

        // (role, resource type the assignment is scoped to, which account) for the app's identity.
        (string Role, string Scope, string Why)[] expected =
        [
            (Roles.StorageBlobDataOwner, "Microsoft.Storage/storageAccounts/sthost", "Storage Blob Data Owner on the host storage"),
            (Roles.StorageBlobDataContributor, "Microsoft.Storage/storageAccounts/stdata", "Storage Blob Data Contributor on the data (backups) storage"),
            (Roles.KeyVaultSecretsOfficer, "Microsoft.KeyVault/vaults/", "Key Vault Secrets Officer on the vault"),
            (Roles.MonitoringMetricsPublisher, "Microsoft.Insights/components/", "Monitoring Metrics Publisher on Application Insights"),
        ];
        foreach (var (role, scope, why) in expected)
        {
            var found = assignments.Any(a =>
                a.Str("properties.roleDefinitionId")?.EndsWith($"/roleDefinitions/{role}", StringComparison.OrdinalIgnoreCase) == true
                && a.Str("id")?.Contains($"/providers/{scope}", StringComparison.OrdinalIgnoreCase) == true
                && identity is not null && a.Str("properties.principalId")?.Contains($"/userAssignedIdentities/{identity}'", StringComparison.Ordinal) == true
                && a.Str("properties.principalType") == "ServicePrincipal");
            Require(found, $"Role assignment missing: {why} (role definition {role}) for the app's managed identity.", problems);
        }

        foreach (var assignment in assignments)
        {
            var roleId = assignment.Str("properties.roleDefinitionId") ?? string.Empty;
            if (new[] { Roles.Owner, Roles.Contributor, Roles.UserAccessAdministrator }.Any(r => roleId.EndsWith(r, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"Role assignment {assignment.Str("name")} grants Owner, Contributor or User Access Administrator; use a data-plane role instead.");
            }

            var scope = assignment.Str("id") ?? string.Empty;
            if (!scope.Contains("/providers/Microsoft.", StringComparison.Ordinal) || scope.IndexOf("/providers/Microsoft.Authorization/roleAssignments", StringComparison.Ordinal) == scope.IndexOf("/providers/", StringComparison.Ordinal))
            {
                problems.Add($"Role assignment {assignment.Str("name")} is scoped to a resource group or subscription; scope it to the one resource it is for.");
            }
        }
    }

    private static void Require(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
