using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary>
/// <c>runbook backup drill BACKUP [--target NAME] [--json]</c>: restores a stored backup into a scratch database, compares
/// every table's rows and checksum with the manifest, drops the scratch database. Exit 0 when the drill passes,
/// <see cref="ExitCodes.Critical"/> when it fails, <see cref="ExitCodes.Failed"/> when it could not run.
/// </summary>
public static class BackupDrillCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backup = new Argument<string>("backup") { Description = "A stored backup's name (from 'backup list')." };
        var target = new Option<string?>("--target") { Description = "The target whose server holds the scratch database (default: the backup's own target)." };
        var (actor, json) = (CliOptions.Actor(), CliOptions.Json());
        var command = new Command("drill", "Restore a backup into a scratch database, compare each table's rows and checksum with the manifest, drop it.") { backup, target, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var name = parseResult.GetValue(backup)!;
            var check = await services.GetRequiredService<BackupDrill>().DrillAsync(name, parseResult.GetValue(target), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(new { backup = name, check.Passed, check.Message, check.At }, ReportJson.Options));
            }
            else
            {
                context.Output.MarkupLine($"{(check.Passed ? "[green]drill passed[/]" : "[red]drill FAILED[/]")} {Markup.Escape(name)}: {Markup.Escape(check.Message)}");
            }

            return check.Passed ? ExitCodes.Normal : ExitCodes.Critical;
        });
        return command;
    }
}
