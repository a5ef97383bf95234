using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Spectre.Console;

namespace Runbook.Cli.Email;

/// <summary><c>runbook email status [--target NAME] [--json]</c>: counts by status and the oldest pending message; exit 3 when an outbox cannot be read.</summary>
public static class EmailStatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, json) = (EmailCli.Target(), CliOptions.Json());
        var command = new Command("status", "Show each outbox: messages pending, processing, processed, failed, and the oldest pending.") { target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var statuses = await services.GetRequiredService<OutboxOperations>().StatusAsync(parseResult.GetValue(target), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await EmailCli.WriteJsonAsync(context, statuses);
            }
            else
            {
                var table = new Table().AddColumns("Target", "Pending", "Processing", "Processed", "Failed", "Oldest pending");
                foreach (var s in statuses)
                {
                    string N(long n) => s.Error is null ? n.ToString(CultureInfo.InvariantCulture) : "-";
                    var oldest = s.Error is not null ? "error: " + s.Error
                        : s.OldestPendingAgeSeconds is { } age ? TimeSpan.FromSeconds(Math.Round(age)).ToString("c", CultureInfo.InvariantCulture) + " ago" : "-";
                    table.AddRow(Markup.Escape(s.Target), N(s.Pending), N(s.Processing), N(s.Processed), N(s.Failed), Markup.Escape(oldest));
                }

                context.Output.Write(table);
            }

            return statuses.Any(s => s.Error is not null) ? ExitCodes.Failed : ExitCodes.Normal;
        });
        return command;
    }
}
