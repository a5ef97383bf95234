using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Health;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Health;

/// <summary>
/// <c>runbook health check [--target NAME] [--json]</c>: exit code 0 Normal, 1 Warning, 2 Critical; 3 when the reports
/// could not be stored (the findings are printed all the same).
/// </summary>
public static class HealthCheckCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Option<string?>("--target", "-t") { Description = "Check only this target (default: every configured target)." };
        var json = CliOptions.Json("Print the report as JSON instead of a table.");
        var command = new Command("check", "Run the health check now and store the reports.") { target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var report = await services.GetRequiredService<HealthCheckJob>().RunAsync(parseResult.GetValue(target), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Options));
            }
            else
            {
                Render(context.Output, report);
            }

            if (report.StorageFailure is { } failure)
            {
                await context.Error.WriteLineAsync($"error: the findings above were not stored: {failure}");
                return ExitCodes.Failed;
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
            var table = new Table().Title($"{Text(target.Target)} ({target.Provider}) {Badge(target.Severity)}  latency {latency}");
            table.AddColumns("Severity", "Check", "What was seen");
            foreach (var finding in target.Findings)
            {
                table.AddRow(Badge(finding.Severity), Text(finding.Check), Text(finding.Message));
            }

            output.Write(table);
            if (target.Server is { LargestTables.Count: > 0 } server)
            {
                output.MarkupLine($"Largest table: {Text(server.LargestTables[0].Name)} ({HealthReportHtml.Bytes(server.LargestTables[0].TotalBytes)}); database {HealthReportHtml.Bytes(server.DatabaseSizeBytes)}");
            }
        }

        output.MarkupLine($"Overall: {Badge(report.Severity)}");
        if (report.ReportLocations.Count == 0 && report.StorageFailure is null)
        {
            output.MarkupLine("Reports not stored: Runbook:Storage is not configured.");
        }

        foreach (var location in report.ReportLocations)
        {
            output.MarkupLine($"Report: {Text(location)}");
        }
    }

    // Text from a database, safe for markup and for the terminal.
    private static string Text(string value) => Markup.Escape(Runbook.Targets.DatabaseText.Clean(value));

    private static string Badge(Severity severity) => severity switch
    {
        Severity.Critical => "[red bold]Critical[/]",
        Severity.Warning => "[yellow]Warning[/]",
        _ => "[green]Normal[/]",
    };
}
