using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Promotions;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Promotions;

/// <summary>
/// <c>runbook promo deactivate TARGET ID --reason "..." [--dry-run] [--yes]</c> and
/// <c>runbook promo deactivate-active TARGET --reason "..." [--dry-run] [--yes]</c>: asks on a terminal unless --yes.
/// </summary>
public static class PromoDeactivateCommand
{
    /// <summary>Creates <c>deactivate</c> or, with <paramref name="all"/>, <c>deactivate-active</c>.</summary>
    public static Command Create(CliContext context, bool all)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Argument<string>("target") { Description = "The target database." };
        var id = new Argument<string>("id") { Description = "The promotion's id (runbook promo list shows them)." };
        var reason = new Option<string>("--reason", "-r") { Description = "Why (required, for the record).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; write nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask." };
        var actor = CliOptions.Actor();
        var json = CliOptions.Json();
        var command = all
            ? new Command("deactivate-active", "Force every active promotion off.") { target, reason, dryRun, yes, actor, json }
            : new Command("deactivate", "Force one promotion off.") { target, id, reason, dryRun, yes, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var (targetName, dry) = (parseResult.GetValue(target)!, parseResult.GetValue(dryRun));
            var what = all ? $"deactivate every active promotion of {targetName}" : $"deactivate promotion {parseResult.GetValue(id)} of {targetName}";
            if (!dry && !CliOptions.Confirmed(context, parseResult.GetValue(yes), what))
            {
                await context.Error.WriteLineAsync("Nothing changed.");
                return ExitCodes.Normal;
            }

            var operations = services.GetRequiredService<PromotionOperations>();
            var who = OperatorContext.Cli(parseResult.GetValue(actor));
            var change = all
                ? await operations.DeactivateActiveAsync(targetName, parseResult.GetValue(reason), dry, who, cancellationToken)
                : await operations.DeactivateAsync(targetName, parseResult.GetValue(id)!, parseResult.GetValue(reason), dry, who, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(change, ReportJson.Options));
            }
            else
            {
                context.Output.MarkupLine(Markup.Escape($"{change.Target}: {change.Detail}"));
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
