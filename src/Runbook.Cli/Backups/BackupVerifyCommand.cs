using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Backups;
using Runbook.Operations;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary>
/// <c>runbook backup verify [BACKUP] [--target NAME] [--json]</c>: a stored backup by name, a local file by path, or each
/// target's newest backup. Exit 0 when every one verifies, 2 when one does not.
/// </summary>
public static class BackupVerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backup = new Argument<string?>("backup") { Description = "A stored backup's name (from 'backup list') or a local file; default: each target's newest backup.", Arity = ArgumentArity.ZeroOrOne };
        var (target, json) = (BackupCli.Target(), CliOptions.Json());
        var command = new Command("verify", "Re-read a backup end to end: SHA-256, decompression, the dump's closing line, the manifest.") { backup, target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var verifier = services.GetRequiredService<BackupVerifier>();
            var checks = new List<(string Backup, BackupCheck Check)>();
            if (parseResult.GetValue(backup) is { } named)
            {
                checks.Add((named, File.Exists(named) ? await verifier.VerifyFileAsync(named, cancellationToken) : await verifier.VerifyAsync(named, cancellationToken)));
            }
            else
            {
                var store = services.GetRequiredService<BackupStore>();
                var newest = (await store.ListAsync(parseResult.GetValue(target), cancellationToken)).GroupBy(b => b.Target).Select(g => g.First()).ToList();
                if (newest.Count == 0)
                {
                    throw new NotFoundException($"There is no backup{(parseResult.GetValue(target) is { } t ? $" of {t}" : string.Empty)} in container {store.ContainerName}.");
                }

                foreach (var entry in newest)
                {
                    checks.Add((entry.Name, await verifier.VerifyAsync(entry.Name, cancellationToken)));
                }
            }

            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(checks.Select(c => new { backup = c.Backup, c.Check.Passed, c.Check.Message, c.Check.At }), ReportJson.Options));
            }
            else
            {
                foreach (var (name, check) in checks)
                {
                    context.Output.MarkupLine($"{(check.Passed ? "[green]verified[/]" : "[red]FAILED[/]")} {Markup.Escape(name)}: {Markup.Escape(check.Message)}");
                }
            }

            return checks.All(c => c.Check.Passed) ? ExitCodes.Normal : ExitCodes.Critical;
        });
        return command;
    }
}
