using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Tasks;

namespace Runbook.Cli.Tasks;

/// <summary><c>runbook tasks enable-all [--reason "..."] [--actor NAME] [--json]</c>.</summary>
public static class TasksEnableAllCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (reason, actor, json) = (TaskOptionsForCli.Reason(false), CliOptions.Actor(), CliOptions.Json());
        var command = new Command("enable-all", "Switch every timer back on.") { reason, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var changes = await services.GetRequiredService<TaskSwitches>().EnableAllAsync(parseResult.GetValue(reason), Runbook.Audit.OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await TaskOutput.WriteAsync(context, changes, parseResult.GetValue(json));
        });
        return command;
    }
}
