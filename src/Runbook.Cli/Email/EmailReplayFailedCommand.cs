using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Outbox;
using Spectre.Console;

namespace Runbook.Cli.Email;

/// <summary>
/// <c>runbook email replay-failed --target NAME [--id N ...] [--max-rows N] [--actor NAME] [--json]</c>: the failed
/// messages back to pending for the processor (seed 003's replay after a bad release), audited.
/// </summary>
public static class EmailReplayFailedCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = EmailCli.RequiredTarget();
        var ids = new Option<long[]>("--id") { Description = "Only this failed message (repeat for more); every failed message when left out.", AllowMultipleArgumentsPerToken = true };
        var maxRows = new Option<int?>("--max-rows") { Description = "Refuse (and change nothing) when more messages would be sent again (default 1000)." };
        var (actor, json) = (CliOptions.Actor(), CliOptions.Json());
        var command = new Command("replay-failed", "Put failed messages back to pending, attempts from zero; the processor sends them.") { target, ids, maxRows, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var replay = await services.GetRequiredService<OutboxOperations>().ReplayFailedAsync(
                parseResult.GetValue(target)!, parseResult.GetValue(ids), parseResult.GetValue(maxRows), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await EmailCli.WriteJsonAsync(context, replay);
            }
            else
            {
                context.Output.MarkupLine(Markup.Escape($"{replay.Target} ({replay.Table}): {replay.Detail}."));
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
