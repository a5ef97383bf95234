using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Queues;

namespace Runbook.Cli.Queues;

/// <summary><c>runbook queue requeue TARGET QUEUE ID [--actor NAME] [--json]</c>: one failed item back in the queue.</summary>
public static class QueueRequeueCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, queue, actor, json) = (QueueCli.Target(), QueueCli.Queue(), CliOptions.Actor(), CliOptions.Json());
        var id = new Argument<string>("id") { Description = "The item's id (runbook queue items lists them)." };
        var command = new Command("requeue", "Put one failed item back in the queue.") { target, queue, id, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var change = await services.GetRequiredService<QueueOperations>().RequeueItemAsync(parseResult.GetValue(target)!, parseResult.GetValue(queue)!, parseResult.GetValue(id)!, OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await QueueCli.WriteAsync(context, change, parseResult.GetValue(json));
        });
        return command;
    }
}
