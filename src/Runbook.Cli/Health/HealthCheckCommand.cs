using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Targets;
using Spectre.Console;

namespace Runbook.Cli.Health;

/// <summary><c>runbook health check [--target NAME] [--json]</c>: exit code 0 Normal, 1 Warning, 2 Critical.</summary>
public static class HealthCheckCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var target = new Option<string?>("--target", "-t") { Description = "Check only this target (default: every configured target)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var command = new Command("check", "Run the health check now and store the reports.") { target, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = context.BuildServices(parseResult.GetValue(RunbookCommand.ConfigOption), parseResult.GetValue(RunbookCommand.VerbosityOption));
            if (services is null)
            {
                return ExitCodes.Configuration;
            }

            HealthCheckReport report;
            try
            {
                report = await services.GetRequiredService<HealthCheckJob>().RunAsync(parseResult.GetValue(target), cancellationToken);
            }
            catch (UnknownTargetException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or IOException)
            {
                await context.Error.WriteLineAsync($"error: the health check could not finish: {e.Message}");
                return ExitCodes.Failed;
            }

            if (parseResult.GetValue(json))
            {
                context.Output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(report, ReportJson.Options));
            }
            else
            {
                Render(context.Output, report);
            }

            return report.Severity switch
            {
                Severity.Critical => ExitCodes.Critical,
                Severity.Warning => ExitCodes.Warning,
                _ => ExitCodes.Normal,
            };
        });
        return command;
    }

    private static void Render(IAnsiConsole output, HealthCheckReport report)
    {
        foreach (var target in report.Targets)
        {
            var latency = target.LatencyMilliseconds is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-";
            var table = new Table().Title($"{Markup.Escape(target.Target)} ({target.Provider}) {Badge(target.Severity)}  latency {latency}");
            table.AddColumns("Severity", "Check", "What was seen");
            foreach (var finding in target.Findings)
            {
                table.AddRow(Badge(finding.Severity), Markup.Escape(finding.Check), Markup.Escape(finding.Message));
            }

            output.Write(table);
            if (target.Server is { LargestTables.Count: > 0 } server)
            {
                output.MarkupLine($"Largest table: {Markup.Escape(server.LargestTables[0].Name)} ({HealthReportHtml.Bytes(server.LargestTables[0].TotalBytes)}); database {HealthReportHtml.Bytes(server.DatabaseSizeBytes)}");
            }
        }

        output.MarkupLine($"Overall: {Badge(report.Severity)}");
        if (report.ReportLocations.Count == 0)
        {
            output.MarkupLine("Reports not stored: Runbook:Storage is not configured.");
        }

        foreach (var location in report.ReportLocations)
        {
            output.MarkupLine($"Report: {Markup.Escape(location)}");
        }
    }

    private static string Badge(Severity severity) => severity switch
    {
        Severity.Critical => "[red bold]Critical[/]",
        Severity.Warning => "[yellow]Warning[/]",
        _ => "[green]Normal[/]",
    };
}
