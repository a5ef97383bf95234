using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Outbox;
using Spectre.Console;

namespace Runbook.Cli.Email;

/// <summary>
/// <c>runbook email send --target NAME --to ADDRESS --subject TEXT [--body TEXT] [--actor NAME] [--json]</c>: writes a
/// test message to the outbox, as an application would; the next <c>email process</c> sends it.
/// </summary>
public static class EmailSendCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = EmailCli.RequiredTarget();
        var to = new Option<string>("--to") { Description = "The recipient (or a comma-separated list).", Required = true };
        var subject = new Option<string>("--subject") { Description = "The subject.", Required = true };
        var body = new Option<string?>("--body") { Description = "The plain-text body." };
        var (actor, json) = (CliOptions.Actor(), CliOptions.Json());
        var command = new Command("send", "Queue a test message in the outbox (sent by the next email process).") { target, to, subject, body, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var name = parseResult.GetValue(target)!;
            var id = await services.GetRequiredService<OutboxOperations>().EnqueueAsync(
                name, parseResult.GetValue(to)!, parseResult.GetValue(subject)!, parseResult.GetValue(body), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await EmailCli.WriteJsonAsync(context, new { target = name, id });
            }
            else
            {
                context.Output.MarkupLine(Markup.Escape($"{name}: message {id} queued; runbook email process --target {name} sends it now."));
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
