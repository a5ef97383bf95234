using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Tasks;

namespace Runbook.Cli.Tasks;

/// <summary><c>runbook tasks disable NAME --reason "..." [--for 2:00:00 | --until TIME] [--actor NAME] [--json]</c>.</summary>
public static class TaskDisableCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (name, reason, until, duration, actor, json) = (TaskOptionsForCli.Name(), TaskOptionsForCli.Reason(true), TaskOptionsForCli.Until(), TaskOptionsForCli.For(), CliOptions.Actor(), CliOptions.Json());
        var command = new Command("disable", "Switch one timer off (during an incident).") { name, reason, until, duration, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var end = TaskOptionsForCli.End(parseResult, until, duration, context.Time);
            var change = await services.GetRequiredService<TaskSwitches>().DisableAsync(parseResult.GetValue(name)!, parseResult.GetValue(reason), end, Runbook.Audit.OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            return await TaskOutput.WriteAsync(context, [change], parseResult.GetValue(json));
        });
        return command;
    }
}
