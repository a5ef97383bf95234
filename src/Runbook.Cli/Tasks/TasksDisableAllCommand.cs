using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Tasks;

namespace Runbook.Cli.Tasks;

/// <summary><c>runbook tasks disable-all --reason "..." [--for 2:00:00 | --until TIME] [--actor NAME] [--json]</c>.</summary>
public static class TasksDisableAllCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (reason, until, duration, actor, json) = (TaskOptionsForCli.Reason(true), TaskOptionsForCli.Until(), TaskOptionsForCli.For(), CliOptions.Actor(), CliOptions.Json());
        var command = new Command("disable-all", "Switch every timer off (during an incident).") { reason, until, duration, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var end = TaskOptionsForCli.End(parseResult, until, duration, context.Time);
            var changes = await services.GetRequiredService<TaskSwitches>().DisableAllAsync(parseResult.GetValue(reason), end, Runbook.Audit.OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await TaskOutput.WriteAsync(context, changes, parseResult.GetValue(json));
        });
        return command;
    }
}
