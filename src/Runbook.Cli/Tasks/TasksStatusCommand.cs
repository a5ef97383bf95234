using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Tasks;

namespace Runbook.Cli.Tasks;

/// <summary><c>runbook tasks status [--json]</c>: every timer and whether it runs at its next tick.</summary>
public static class TasksStatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = CliOptions.Json();
        var command = new Command("status", "Show every timer and whether it is switched on.") { json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var timers = await services.GetRequiredService<TaskSwitches>().GetStatusAsync(cancellationToken);
            return await TaskOutput.WriteAsync(context, timers, parseResult.GetValue(json), timers);
        });
        return command;
    }
}
