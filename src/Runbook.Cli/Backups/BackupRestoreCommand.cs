using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary>
/// <c>runbook backup restore BACKUP --target NAME --database NEW [--force] [--json]</c>: a stored backup or a local file
/// into a new (or empty) database on the target's server.
/// </summary>
public static class BackupRestoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backup = new Argument<string>("backup") { Description = "A stored backup's name (from 'backup list') or a local dump file." };
        var target = new Option<string>("--target") { Description = "The target whose server receives the backup (its credentials are used).", Required = true };
        var database = new Option<string>("--database") { Description = "The database to restore into: created when missing, refused when not empty.", Required = true };
        var force = new Option<bool>("--force") { Description = "Restore into a database that already holds objects." };
        var (actor, json) = (CliOptions.Actor(), CliOptions.Json());
        var command = new Command("restore", "Restore a backup into a new or empty database.") { backup, target, database, force, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var result = await services.GetRequiredService<BackupRestorer>().RestoreAsync(
                parseResult.GetValue(backup)!, parseResult.GetValue(target)!, parseResult.GetValue(database)!, parseResult.GetValue(force), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(result, ReportJson.Options));
            }
            else
            {
                context.Output.MarkupLine(Markup.Escape($"{result.Source} restored into {result.Database} on {result.Target}{(result.Created ? " (created)" : string.Empty)}: {result.Statements:N0} statements; {result.Checked}."));
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
