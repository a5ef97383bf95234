using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Promotions;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Promotions;

/// <summary><c>runbook promo expire [--target NAME] [--json]</c>: the expiry timer's job, now.</summary>
public static class PromoExpireCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Option<string?>("--target", "-t") { Description = "Only this target (default: every target with a promotions table)." };
        var (actor, json) = (CliOptions.Actor(), CliOptions.Json());
        var command = new Command("expire", "Switch off promotions still on after their end time (what the timer does every 5 minutes).") { target, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var changes = await services.GetRequiredService<PromotionExpiryJob>().RunAsync(parseResult.GetValue(target), OperatorContext.Cli(parseResult.GetValue(actor)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(changes, ReportJson.Options));
                return ExitCodes.Normal;
            }

            foreach (var change in changes)
            {
                context.Output.MarkupLine(Markup.Escape($"{change.Target}: {change.Detail}"));
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
