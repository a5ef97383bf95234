using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Promotions;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Promotions;

/// <summary><c>runbook promo list TARGET [--active] [--json]</c>.</summary>
public static class PromoListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Argument<string>("target") { Description = "The target database." };
        var active = new Option<bool>("--active") { Description = "Only the promotions that are on." };
        var json = CliOptions.Json();
        var command = new Command("list", "List the target's promotions.") { target, active, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var promotions = await services.GetRequiredService<PromotionOperations>().ListAsync(parseResult.GetValue(target)!, parseResult.GetValue(active), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(promotions, ReportJson.Options));
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Id", "Name", "On", "Starts", "Ends");
            foreach (var p in promotions)
            {
                table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), p.Active ? "[yellow]on[/]" : "off", p.StartsAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-", p.EndsAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
            }

            context.Output.Write(table);
            return ExitCodes.Normal;
        });
        return command;
    }
}
