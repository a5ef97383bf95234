using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.Cli.Health;

/// <summary>
/// <c>runbook health show --target NAME [--date yyyy-MM-dd] [--format html|json] [--out FILE]</c>: prints or saves a
/// stored report ("what did this morning's check say?").
/// </summary>
public static class HealthShowCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Option<string>("--target", "-t") { Description = "The target whose report to show.", Required = true };
        var date = new Option<DateOnly?>("--date") { Description = "The day of the report, UTC (default: today)." };
        var format = new Option<string>("--format") { Description = "json or html.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "html");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("show", "Print or save a stored health report.") { target, date, format, output };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var name = services.GetRequiredService<IOptions<RunbookOptions>>().Value.GetTarget(parseResult.GetValue(target)!).Name;
            var day = parseResult.GetValue(date) is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : context.Time.GetUtcNow();
            var extension = parseResult.GetValue(format)!;
            var writer = services.GetRequiredService<HealthReportWriter>();
            if (!writer.IsConfigured)
            {
                await context.Error.WriteLineAsync($"error: {ReportStorageOptions.NotConfiguredMessage}");
                return ExitCodes.Configuration;
            }

            var data = await writer.ReadStoredAsync(name, day, extension, cancellationToken);
            var blob = writer.Location($"{HealthReportWriter.BlobPrefix(name, day)}.{extension}");
            if (data is null)
            {
                await context.Error.WriteLineAsync($"error: no report at {blob}; run 'runbook health check' first, or pick another --date.");
                return ExitCodes.Failed;
            }

            if (parseResult.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllBytesAsync(file.FullName, data.ToArray(), cancellationToken);
                await context.PlainOutput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Saved {blob} to {file.FullName}"));
            }
            else
            {
                await context.PlainOutput.WriteLineAsync(data.ToString());
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
