using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>
/// Checks the function app's settings in a deployment against what the code reads: the Functions host's own
/// identity-based settings, every timer's schedule setting, and Runbook's options, validated by Runbook.Core's own
/// validators exactly as the app validates them at start-up.
/// </summary>
public static class AppSettingsChecker
{
    /// <summary>Stands in for a value Azure fills in at deployment (an ARM <c>[reference(...)]</c> expression).</summary>
    public const string ResolvedInAzure = "https://resolved-at-deployment.invalid/";

    /// <summary>Settings the Functions host and the Azure SDK read, with the value each must have (null: any).</summary>
    public static readonly IReadOnlyDictionary<string, string?> HostSettings = new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage__accountName"] = null,
        ["AzureWebJobsStorage__credential"] = "managedidentity",
        ["AzureWebJobsStorage__clientId"] = null,
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null,
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = null,
        ["AZURE_CLIENT_ID"] = null,
    };

    /// <summary>The app settings of the deployment's one function app.</summary>
    public static JsonObject Settings(Deployment deployment) =>
        deployment.OfType("Microsoft.Web/sites/config").SingleOrDefault(c => c.Str("name")?.EndsWith("/appsettings", StringComparison.Ordinal) == true)?
            .At("properties") as JsonObject ?? [];

    /// <summary>Every problem with the deployment's app settings; <paramref name="scheduleSettings"/> are the timers' setting names.</summary>
    public static IReadOnlyList<string> Check(Deployment deployment, IEnumerable<string> scheduleSettings)
    {
        var problems = new List<string>();
        var settings = Settings(deployment);
        if (settings.Count == 0)
        {
            return [$"{deployment.Scenario}: the function app has no appsettings config resource."];
        }

        var values = settings.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);

        foreach (var (key, expected) in HostSettings)
        {
            if (!values.TryGetValue(key, out var value))
            {
                problems.Add($"{deployment.Scenario}: app setting {key} is missing (the host and the SDK read it).");
            }
            else if (expected is not null && value != expected)
            {
                problems.Add($"{deployment.Scenario}: app setting {key} is '{value}' but must be '{expected}'.");
            }
        }

        if (values.TryGetValue("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", out var auth) && !auth.Contains("Authorization=AAD", StringComparison.Ordinal))
        {
            problems.Add($"{deployment.Scenario}: APPLICATIONINSIGHTS_AUTHENTICATION_STRING must use Authorization=AAD (local auth is disabled).");
        }

        foreach (var forbidden in new[] { "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE" })
        {
            if (values.ContainsKey(forbidden))
            {
                problems.Add($"{deployment.Scenario}: app setting {forbidden} must not be set on Flex Consumption (identity-based storage and functionAppConfig replace it).");
            }
        }

        foreach (var (key, value) in values)
        {
            if (key.EndsWith("__ConnectionString", StringComparison.Ordinal) || value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)
                || value.Contains("Password=", StringComparison.OrdinalIgnoreCase) || value.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{deployment.Scenario}: app setting {key} carries a secret; secrets belong in Key Vault (use ConnectionStringSecret).");
            }
        }

        foreach (var setting in scheduleSettings.Distinct(StringComparer.Ordinal))
        {
            if (!values.TryGetValue(setting, out var schedule))
            {
                problems.Add($"{deployment.Scenario}: app setting {setting} is missing; a timer reads its schedule from it.");
            }
            else if (!CatalogChecker.IsNcrontab(schedule))
            {
                problems.Add($"{deployment.Scenario}: app setting {setting} is \"{schedule}\", not a six-field NCRONTAB expression.");
            }
        }

        problems.AddRange(CheckOptions(deployment.Scenario, values));
        return problems;
    }

    private static List<string> CheckOptions(string scenario, Dictionary<string, string> values)
    {
        var problems = new List<string>();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(
                v.Key.Replace("__", ":", StringComparison.Ordinal),
                v.Value.StartsWith('[') ? ResolvedInAzure : v.Value)))
            .Build();

        // Every key under Runbook must bind to a property the code has: a typo would otherwise be ignored silently.
        var runbook = configuration.GetSection(RunbookOptions.SectionName);
        foreach (var section in runbook.GetChildren())
        {
            try
            {
                switch (section.Key)
                {
                    case "Targets":
                        foreach (var target in section.GetChildren())
                        {
                            target.Get<TargetOptions>(Strict);
                        }

                        break;
                    case "KeyVault":
                        section.Get<KeyVaultOptions>(Strict);
                        break;
                    case "Storage":
                        section.Get<ReportStorageOptions>(Strict);
                        break;
                    case "HealthCheck":
                        section.Get<HealthCheckOptions>(Strict);
                        break;
                    case "Backups":
                        section.Get<Runbook.Backups.BackupOptions>(Strict);
                        break;
                    default:
                        problems.Add($"{scenario}: app settings set Runbook__{section.Key}__*, a section the code does not read.");
                        break;
                }
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{scenario}: app settings under Runbook__{section.Key} do not match the code: {e.Message}");
            }
        }

        using var services = new ServiceCollection().AddRunbookCore(configuration).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            // Validation failures, or a value the binder cannot convert ('many' for an int): the app would stop.
            var failures = e switch
            {
                OptionsValidationException v => v.Failures,
                AggregateException all => all.InnerExceptions.SelectMany(x => x is OptionsValidationException v ? v.Failures : [x.Message]),
                _ => [e.Message],
            };
            problems.AddRange(failures.Select(f => $"{scenario}: the app would not start: {f}"));
            return problems;
        }

        if (!services.GetRequiredService<IOptions<ReportStorageOptions>>().Value.IsConfigured)
        {
            problems.Add($"{scenario}: {ReportStorageOptions.NotConfiguredMessage}");
        }

        var targets = services.GetRequiredService<IOptions<RunbookOptions>>().Value.Targets;
        problems.AddRange(targets.Where(t => string.IsNullOrEmpty(t.ConnectionStringSecret))
            .Select(t => $"{scenario}: target {t.Name} has no ConnectionStringSecret; in Azure connection strings come from Key Vault."));
        return problems;
    }

    private static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;
}
