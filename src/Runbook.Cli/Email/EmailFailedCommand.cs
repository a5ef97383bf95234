using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Spectre.Console;

namespace Runbook.Cli.Email;

/// <summary><c>runbook email failed --target NAME [--last N] [--json]</c>: the messages failed for good, newest first, with their errors.</summary>
public static class EmailFailedCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = EmailCli.RequiredTarget();
        var last = new Option<int>("--last") { Description = "How many (1 to 500).", DefaultValueFactory = _ => 20 };
        var json = CliOptions.Json();
        var command = new Command("failed", "List the messages failed for good, newest first, with their last error.") { target, last, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var failures = await services.GetRequiredService<OutboxOperations>().FailedAsync(parseResult.GetValue(target)!, parseResult.GetValue(last), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await EmailCli.WriteJsonAsync(context, failures);
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Id", "Created", "Failed", "Attempts", "To", "Subject", "Last error");
            foreach (var f in failures)
            {
                table.AddRow(
                    f.Id.ToString(CultureInfo.InvariantCulture), f.CreatedAt.ToString("u", CultureInfo.InvariantCulture), f.FailedAt.ToString("u", CultureInfo.InvariantCulture),
                    f.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(f.To), Markup.Escape(f.Subject), Markup.Escape(f.LastError ?? string.Empty));
            }

            context.Output.Write(table);
            return ExitCodes.Normal;
        });
        return command;
    }
}
