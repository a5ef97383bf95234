using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary><c>runbook backup prune [--target NAME] [--dry-run] [--json]</c>: delete what the retention policy no longer keeps.</summary>
public static class BackupPruneCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, actor, json) = (BackupCli.Target(), CliOptions.Actor(), CliOptions.Json());
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would be deleted, and why." };
        var command = new Command("prune", "Delete the backups the retention policy no longer keeps (never a target's newest verified one).") { target, dryRun, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var dry = parseResult.GetValue(dryRun);
            var decisions = await services.GetRequiredService<BackupPruner>().PruneAsync(parseResult.GetValue(target), dry, OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(decisions.Select(d => new { backup = d.Backup.Name, d.Backup.Target, d.Keep, d.Reason }), ReportJson.Options));
                return ExitCodes.Normal;
            }

            foreach (var d in decisions)
            {
                var verb = d.Keep ? "keep  " : dry ? "would delete" : "deleted";
                context.Output.MarkupLine($"{verb} {Markup.Escape(d.Backup.Name)}: {Markup.Escape(d.Reason)}");
            }

            context.Output.MarkupLine($"{decisions.Count(d => !d.Keep)} {(dry ? "would be deleted" : "deleted")}, {decisions.Count(d => d.Keep)} kept.");
            return ExitCodes.Normal;
        });
        return command;
    }
}
