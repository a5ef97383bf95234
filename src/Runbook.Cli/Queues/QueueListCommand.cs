using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Queues;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Queues;

/// <summary><c>runbook queue list [--json]</c>: every configured queue with its depth per status, oldest age and stuck count.</summary>
public static class QueueListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = CliOptions.Json();
        var command = new Command("list", "Show every configured queue: depth per status, oldest item, stuck items.") { json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var summaries = await services.GetRequiredService<QueueOperations>().ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(summaries, ReportJson.Options));
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Target", "Queue", "Depth", "Stuck");
            foreach (var summary in summaries)
            {
                var depth = summary.Health is { } health ? string.Join(", ", health.Statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Status} {s.Count}"))) : "error: " + summary.Error;
                table.AddRow(Markup.Escape(summary.Target), Markup.Escape(summary.Queue), Markup.Escape(depth), summary.Health?.StuckCount.ToString(CultureInfo.InvariantCulture) ?? "-");
            }

            context.Output.Write(table);
            return ExitCodes.Normal;
        });
        return command;
    }
}
