using System.Text.Json;
using Runbook.Http.Routing;
using Runbook.Scheduling;

namespace Runbook.Functions.Tests;

/// <summary>
/// Checks the <c>functions.metadata</c> file the worker SDK writes at build time (where the worker packages
/// restore) against the route table and the schedules: the same catalog the Roslyn test reads from the sources.
/// </summary>
public static class FunctionsMetadataChecker
{
    /// <summary>One message per difference; empty when the built app matches the tables.</summary>
    public static IReadOnlyList<string> Check(string metadataJson, IReadOnlyList<RunbookRoute> routes, IReadOnlyList<JobSchedule> schedules)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(metadataJson);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString() ?? string.Empty;
            names.Add(name);
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .FirstOrDefault(b => b.TryGetProperty("type", out var type) && (type.GetString() ?? string.Empty).EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            var type = trigger.ValueKind == JsonValueKind.Object ? trigger.GetProperty("type").GetString() : null;
            if (string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                CheckHttp(name, trigger, routes, problems);
            }
            else if (string.Equals(type, "timerTrigger", StringComparison.OrdinalIgnoreCase))
            {
                var schedule = schedules.FirstOrDefault(s => s.FunctionName == name);
                var expression = trigger.GetProperty("schedule").GetString();
                if (schedule is null)
                {
                    problems.Add($"functions.metadata: timer function '{name}' is not in the schedule table.");
                }
                else if (expression != schedule.TriggerExpression)
                {
                    problems.Add($"functions.metadata: '{name}' has schedule \"{expression}\" but the schedule table says \"{schedule.TriggerExpression}\".");
                }
            }
            else
            {
                problems.Add($"functions.metadata: '{name}' has trigger '{type}', which Runbook does not use.");
            }
        }

        problems.AddRange(routes.Where(r => !names.Contains(r.FunctionName)).Select(r => $"functions.metadata: route table function '{r.FunctionName}' was not built."));
        problems.AddRange(schedules.Where(s => !names.Contains(s.FunctionName)).Select(s => $"functions.metadata: timer function '{s.FunctionName}' was not built."));
        return problems;
    }

    private static void CheckHttp(string name, JsonElement trigger, IReadOnlyList<RunbookRoute> routes, List<string> problems)
    {
        var route = routes.FirstOrDefault(r => r.FunctionName == name);
        if (route is null)
        {
            problems.Add($"functions.metadata: HTTP function '{name}' is not in the route table.");
            return;
        }

        var authLevel = trigger.TryGetProperty("authLevel", out var level) ? level.GetString() : null;
        if (!string.Equals(authLevel, route.KeyLevel.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"functions.metadata: '{name}' has authLevel '{authLevel}' but the route table says {route.KeyLevel}.");
        }

        var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => (x.GetString() ?? string.Empty).ToUpperInvariant()).ToList() : [];
        if (methods.Count != 1 || methods[0] != route.Method)
        {
            problems.Add($"functions.metadata: '{name}' accepts [{string.Join(", ", methods)}] but the route table says {route.Method}.");
        }

        var builtRoute = trigger.TryGetProperty("route", out var r) ? r.GetString() : null;
        if (builtRoute != route.Route)
        {
            problems.Add($"functions.metadata: '{name}' has route \"{builtRoute}\" but the route table says \"{route.Route}\".");
        }
    }
}
