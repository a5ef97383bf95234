using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Queues;

namespace Runbook.Cli.Queues;

/// <summary>
/// <c>runbook queue clear-failed|clear-queued TARGET QUEUE [--yes] [--max-rows N] [--actor NAME] [--json]</c>: removes the
/// items for good; asks on a terminal unless --yes, refuses without a terminal unless --yes.
/// </summary>
public static class QueueClearCommand
{
    /// <summary>Creates <c>clear-failed</c> or, with <paramref name="queued"/>, <c>clear-queued</c>.</summary>
    public static Command Create(CliContext context, bool queued)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, queue, actor, json) = (QueueCli.Target(), QueueCli.Queue(), CliOptions.Actor(), CliOptions.Json());
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask: remove the items." };
        var maxRows = new Option<int?>("--max-rows") { Description = "Raise the row limit (default Runbook:Queues:MaxRows, 1,000) for this run." };
        var name = queued ? "clear-queued" : "clear-failed";
        var command = new Command(name, queued ? "Remove the waiting items (with care: they will never be processed)." : "Remove the failed items.") { target, queue, yes, maxRows, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var (targetName, queueName) = (parseResult.GetValue(target)!, parseResult.GetValue(queue)!);
            var confirmed = CliOptions.Confirmed(context, parseResult.GetValue(yes), $"{name} {targetName}/{queueName} removes items for good");
            var change = await services.GetRequiredService<QueueOperations>().ClearAsync(targetName, queueName, queued, confirmed, parseResult.GetValue(maxRows), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await QueueCli.WriteAsync(context, change, parseResult.GetValue(json));
        });
        return command;
    }
}
