using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Queues;

namespace Runbook.Cli.Queues;

/// <summary><c>runbook queue requeue-failed TARGET QUEUE [--actor NAME] [--json]</c>: seed 004 option C.</summary>
public static class QueueRequeueFailedCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, queue, actor, json) = (QueueCli.Target(), QueueCli.Queue(), CliOptions.Actor(), CliOptions.Json());
        var command = new Command("requeue-failed", "Put every failed item back in the queue (retry count 0, last error cleared).") { target, queue, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var change = await services.GetRequiredService<QueueOperations>().RequeueFailedAsync(parseResult.GetValue(target)!, parseResult.GetValue(queue)!, OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await QueueCli.WriteAsync(context, change, parseResult.GetValue(json));
        });
        return command;
    }
}
