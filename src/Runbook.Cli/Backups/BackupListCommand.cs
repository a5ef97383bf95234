using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Backups;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary><c>runbook backup list [--target NAME] [--json]</c>: the backups in storage, newest first.</summary>
public static class BackupListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, json) = (BackupCli.Target(), CliOptions.Json());
        var command = new Command("list", "List the backups in storage, newest first.") { target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var store = services.GetRequiredService<BackupStore>();
            if (!store.IsConfigured)
            {
                throw new InvalidOperationException(ReportStorageOptions.NotConfiguredMessage);
            }

            var backups = await store.ListAsync(parseResult.GetValue(target), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(backups, ReportJson.Options));
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Backup", "Target", "Tier", "Created (UTC)", "Size", "Verified", "Pinned");
            foreach (var b in backups)
            {
                var verified = b.HasManifest ? b.Verified : "incomplete";
                table.AddRow(Markup.Escape(b.Name), Markup.Escape(b.Target), BackupNames.TierName(b.Tier), b.CreatedAt.ToString("u", CultureInfo.InvariantCulture), Runbook.Health.HealthReportHtml.Bytes(b.SizeBytes), Markup.Escape(verified), b.Pinned ? "yes" : string.Empty);
            }

            context.Output.Write(table);
            context.Output.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{backups.Count} backup(s) in container {store.ContainerName}.")));
            return ExitCodes.Normal;
        });
        return command;
    }
}
