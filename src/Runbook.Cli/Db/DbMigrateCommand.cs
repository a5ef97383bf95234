using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Db;

/// <summary><c>runbook db migrate [--target NAME] [--json]</c>: creates or upgrades the tables Runbook owns in a target (the e-mail outbox).</summary>
public static class DbMigrateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Option<string?>("--target", "-t") { Description = "The target to migrate (default: every target whose outbox is enabled)." };
        var json = CliOptions.Json("Print what was done as JSON.");
        var command = new Command("migrate", "Create or upgrade Runbook's own tables (the e-mail outbox) in a target; safe to run again.") { target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var results = await services.GetRequiredService<OutboxMigrator>().MigrateAsync(parseResult.GetValue(target), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(results, ReportJson.Options));
                return ExitCodes.Normal;
            }

            foreach (var result in results)
            {
                var done = result.Applied.Count == 0 ? $"up to date at version {result.ToVersion}" : $"version {result.FromVersion} -> {result.ToVersion} ({string.Join("; ", result.Applied)})";
                context.Output.MarkupLine(Markup.Escape($"{result.Target}/{result.Table}: {done}"));
            }

            if (results.Count == 0)
            {
                context.Output.MarkupLine("No target has its outbox enabled (Runbook:Targets:N:Outbox:Enabled); nothing to migrate.");
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
