using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Queues;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Queues;

/// <summary><c>runbook queue items TARGET QUEUE [--status failed] [--limit 20] [--json]</c>: the oldest items in a status.</summary>
public static class QueueItemsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, queue, json) = (QueueCli.Target(), QueueCli.Queue(), CliOptions.Json());
        var status = new Option<string?>("--status") { Description = "The status to list (default: the first failed status)." };
        var limit = new Option<int>("--limit") { Description = "How many, oldest first (1 to 500).", DefaultValueFactory = _ => 20 };
        var command = new Command("items", "List the oldest items of a queue in one status.") { target, queue, status, limit, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var items = await services.GetRequiredService<QueueOperations>().ItemsAsync(parseResult.GetValue(target)!, parseResult.GetValue(queue)!, parseResult.GetValue(status), parseResult.GetValue(limit), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(items, ReportJson.Options));
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Id", "Status", "Created", "Retries", "Last error");
            foreach (var item in items)
            {
                table.AddRow(Markup.Escape(item.Id), Markup.Escape(item.Status), item.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-", item.RetryCount?.ToString(CultureInfo.InvariantCulture) ?? "-", Markup.Escape(item.LastError ?? "-"));
            }

            context.Output.Write(table);
            return ExitCodes.Normal;
        });
        return command;
    }
}
