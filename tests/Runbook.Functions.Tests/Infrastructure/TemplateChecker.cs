using System.Text.Json.Nodes;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>Checks on the compiled ARM JSON itself: outputs carry no secrets, and every timer has a valid default schedule.</summary>
public static class TemplateChecker
{
    private static readonly string[] SecretWords = ["KEY", "KEYS", "SECRET", "SECRETS", "PASSWORD", "CONNECTION", "TOKEN", "SAS"];

    /// <summary>Outputs must be plain strings that no list*() call and no secret-sounding name feeds.</summary>
    public static IReadOnlyList<string> CheckOutputs(JsonObject compiled)
    {
        var problems = new List<string>();
        var outputs = compiled["outputs"] as JsonObject ?? [];
        if (outputs.Count == 0)
        {
            problems.Add("The template has no outputs; azd needs at least AZURE_FUNCTION_APP_NAME and AZURE_RESOURCE_GROUP.");
        }

        foreach (var required in new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "AZURE_KEY_VAULT_NAME" })
        {
            if (!outputs.ContainsKey(required))
            {
                problems.Add($"Output {required} is missing (azd and docs/deploy.md use it).");
            }
        }

        foreach (var (name, output) in outputs)
        {
            var type = output.Str("type") ?? string.Empty;
            var value = output?["value"]?.ToJsonString() ?? string.Empty;
            if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Output {name} is of type {type}; outputs are stored in plain text in the deployment history.");
            }

            if (new[] { "listKeys", "listSecrets", "listAccountSas" }.Any(f => value.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"Output {name} is computed by a list*() call, which returns keys or secrets.");
            }

            // Word by word, so AZURE_KEY_VAULT_NAME (a vault's name) passes and STORAGE_KEY does not.
            var words = name.ToUpperInvariant().Replace("KEY_VAULT", "VAULT", StringComparison.Ordinal).Split('_');
            if (words.Any(w => SecretWords.Contains(w, StringComparer.Ordinal)) || value.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Output {name} looks like a secret (name or value mentions a key, secret, password, token or connection string).");
            }
        }

        return problems;
    }

    /// <summary>
    /// The <c>schedules</c> parameter's default in the template and its value in main.parameters.json (the
    /// <c>${NAME=default}</c> default azd uses) must name every timer setting with a valid NCRONTAB expression.
    /// </summary>
    public static IReadOnlyList<string> CheckSchedules(JsonObject compiled, JsonObject parametersFile, IEnumerable<string> scheduleSettings)
    {
        var problems = new List<string>();
        var defaults = compiled.At("parameters.schedules.defaultValue") as JsonObject;
        var azd = parametersFile.At("parameters.schedules.value") as JsonObject;
        foreach (var setting in scheduleSettings.Distinct(StringComparer.Ordinal))
        {
            Expect("main.bicep's schedules default", defaults?[setting]?.GetValue<string>(), setting);
            Expect("main.parameters.json's schedules", azd?[setting]?.GetValue<string>() is { } v ? AzdParameters.DefaultOf(v) : null, setting);
        }

        return problems;

        void Expect(string where, string? value, string setting)
        {
            if (value is null)
            {
                problems.Add($"{where} has no {setting}; every timer's schedule must be deployable.");
            }
            else if (!CatalogChecker.IsNcrontab(value))
            {
                problems.Add($"{where} sets {setting} to \"{value}\", not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
            }
        }
    }
}
