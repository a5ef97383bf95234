using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Tasks;

namespace Runbook.Cli.Tasks;

/// <summary><c>runbook tasks enable NAME [--reason "..."] [--actor NAME] [--json]</c>.</summary>
public static class TaskEnableCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (name, reason, actor, json) = (TaskOptionsForCli.Name(), TaskOptionsForCli.Reason(false), CliOptions.Actor(), CliOptions.Json());
        var command = new Command("enable", "Switch one timer back on.") { name, reason, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var change = await services.GetRequiredService<TaskSwitches>().EnableAsync(parseResult.GetValue(name)!, parseResult.GetValue(reason), Runbook.Audit.OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await TaskOutput.WriteAsync(context, [change], parseResult.GetValue(json));
        });
        return command;
    }
}
