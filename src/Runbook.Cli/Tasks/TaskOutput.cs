using System.Globalization;
using System.Text.Json;
using Runbook.Reports;
using Runbook.Tasks;
using Spectre.Console;

namespace Runbook.Cli.Tasks;

/// <summary>How the task commands print: a table, or the same JSON the HTTP API answers.</summary>
internal static class TaskOutput
{
    public static async Task<int> WriteAsync(CliContext context, object result, bool json, IEnumerable<TaskSwitchStatus> timers)
    {
        if (json)
        {
            await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(result, ReportJson.Options));
            return ExitCodes.Normal;
        }

        var table = new Table().AddColumns("Task", "State", "Since", "By", "Reason", "Until");
        foreach (var timer in timers)
        {
            table.AddRow(
                Markup.Escape(timer.Name),
                timer.Enabled ? (timer.ReenabledAutomatically ? "[green]on[/] (its until passed)" : "[green]on[/]") : "[yellow]off[/]",
                timer.ChangedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(timer.ChangedBy ?? "-"),
                Markup.Escape(timer.Reason ?? "-"),
                timer.Until?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
        }

        context.Output.Write(table);
        return ExitCodes.Normal;
    }

    public static Task<int> WriteAsync(CliContext context, IReadOnlyList<TaskChange> changes, bool json)
    {
        if (!json)
        {
            foreach (var change in changes)
            {
                context.Output.MarkupLine(change.Changed
                    ? $"{Markup.Escape(change.After.Name)}: {(change.Before.Enabled ? "on" : "off")} -> {(change.After.Enabled ? "[green]on[/]" : "[yellow]off[/]")}"
                    : $"{Markup.Escape(change.After.Name)}: already {(change.After.Enabled ? "on" : "off")}, nothing changed");
            }
        }

        return WriteAsync(context, changes.Count == 1 ? changes[0] : changes, json, changes.Select(c => c.After));
    }
}
