using System.Text.Json;
using Cronos;
using Runbook.Http.Routing;
using Runbook.Scheduling;

namespace Runbook.Functions.Tests;

/// <summary>
/// Checks the function catalog against the route table and the schedule table, both ways. Returns one message per
/// problem; an empty list means the app exposes exactly what the tables say.
/// </summary>
public static class CatalogChecker
{
    /// <summary>Compares <paramref name="functions"/> with <paramref name="routes"/>, <paramref name="schedules"/> and the sample settings.</summary>
    public static IReadOnlyList<string> Check(
        IReadOnlyList<CatalogFunction> functions,
        IReadOnlyList<RunbookRoute> routes,
        IReadOnlyList<JobSchedule> schedules,
        IReadOnlyDictionary<string, string> sampleSettings)
    {
        var problems = new List<string>();

        foreach (var duplicate in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Function name '{duplicate.Key}' is defined {duplicate.Count()} times: {string.Join(", ", duplicate.Select(f => f.Location))}.");
        }

        foreach (var duplicate in functions.Where(f => f.Trigger == "http")
                     .SelectMany(f => f.Methods.Select(m => (Key: $"{m} {f.Route}", f)))
                     .GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Route '{duplicate.Key}' is defined twice: {string.Join(", ", duplicate.Select(x => x.f.Location))}.");
        }

        foreach (var duplicate in routes.GroupBy(r => $"{r.Method} {r.Route}", StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Route '{duplicate.Key}' appears {duplicate.Count()} times in the route table.");
        }

        foreach (var function in functions)
        {
            switch (function.Trigger)
            {
                case "http":
                    CheckHttp(function, routes, problems);
                    break;
                case "timer":
                    CheckTimer(function, schedules, sampleSettings, problems);
                    break;
                default:
                    problems.Add($"Function '{function.Name}' ({function.Location}) has neither a [TimerTrigger] nor an [HttpTrigger] parameter.");
                    break;
            }
        }

        foreach (var route in routes.Where(r => !functions.Any(f => f.Trigger == "http" && f.Name == r.FunctionName)))
        {
            problems.Add($"Route table entry {route.Method} {route.Route} names function '{route.FunctionName}', but no HTTP function has that name.");
        }

        foreach (var schedule in schedules.Where(s => !functions.Any(f => f.Trigger == "timer" && f.Name == s.FunctionName)))
        {
            problems.Add($"Schedule table entry '{schedule.FunctionName}' has no timer function.");
        }

        return problems;
    }

    /// <summary>Reads the <c>Values</c> of local.settings.sample.json.</summary>
    public static IReadOnlyDictionary<string, string> ReadSampleSettings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    private static void CheckHttp(CatalogFunction function, IReadOnlyList<RunbookRoute> routes, List<string> problems)
    {
        var where = $"Function '{function.Name}' ({function.Location})";
        if (function.AuthorizationLevel is not ("Function" or "Admin"))
        {
            problems.Add($"{where} uses AuthorizationLevel.{function.AuthorizationLevel ?? "<none>"}; operator endpoints must demand a key (Function or Admin, never Anonymous).");
        }

        var route = routes.FirstOrDefault(r => r.FunctionName == function.Name);
        if (route is null)
        {
            problems.Add($"{where} is not in the route table (Runbook.Http.Routing.RunbookRoutes).");
            return;
        }

        if (!string.Equals(route.Route, function.Route, StringComparison.Ordinal))
        {
            problems.Add($"{where} has Route \"{function.Route}\" but the route table says \"{route.Route}\".");
        }

        if (function.Methods.Count != 1 || !string.Equals(function.Methods[0], route.Method, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{where} accepts [{string.Join(", ", function.Methods)}] but the route table says {route.Method}.");
        }

        if (function.AuthorizationLevel is { } level && level != route.KeyLevel.ToString())
        {
            problems.Add($"{where} uses AuthorizationLevel.{level} but the route table says {route.KeyLevel}.");
        }
    }

    private static void CheckTimer(CatalogFunction function, IReadOnlyList<JobSchedule> schedules, IReadOnlyDictionary<string, string> settings, List<string> problems)
    {
        var where = $"Function '{function.Name}' ({function.Location})";
        var schedule = schedules.FirstOrDefault(s => s.FunctionName == function.Name);
        if (schedule is null)
        {
            problems.Add($"{where} is not in the schedule table (Runbook.Scheduling.JobSchedules).");
            return;
        }

        if (function.Schedule != schedule.TriggerExpression)
        {
            problems.Add($"{where} has schedule \"{function.Schedule}\" but must read the app setting \"{schedule.TriggerExpression}\".");
            return;
        }

        if (!settings.TryGetValue(schedule.SettingName, out var value))
        {
            problems.Add($"{where} reads app setting {schedule.SettingName}, which local.settings.sample.json does not define.");
            return;
        }

        if (!IsNcrontab(value))
        {
            problems.Add($"{where}: local.settings.sample.json sets {schedule.SettingName} to \"{value}\", which is not a valid six-field NCRONTAB expression (second minute hour day month day-of-week).");
        }
        else if (value != schedule.DefaultSchedule)
        {
            problems.Add($"{where}: local.settings.sample.json sets {schedule.SettingName} to \"{value}\" but the schedule table's default is \"{schedule.DefaultSchedule}\".");
        }
    }

    /// <summary>True for a valid six-field expression (with seconds), as the Functions timer trigger reads it.</summary>
    public static bool IsNcrontab(string expression)
    {
        if (expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            return false;
        }

        try
        {
            CronExpression.Parse(expression, CronFormat.IncludeSeconds);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
