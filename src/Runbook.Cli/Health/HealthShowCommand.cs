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
    public static Command Create(CliContext context, TimeProvider time)
    {
        var target = new Option<string>("--target", "-t") { Description = "The target whose report to show.", Required = true };
        var date = new Option<DateOnly?>("--date") { Description = "The day of the report, UTC (default: today)." };
        var format = new Option<string>("--format") { Description = "json or html.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "html");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("show", "Print or save a stored health report.") { target, date, format, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = context.BuildServices(parseResult.GetValue(RunbookCommand.ConfigOption), parseResult.GetValue(RunbookCommand.VerbosityOption));
            if (services is null)
            {
                return ExitCodes.Configuration;
            }

            string name;
            try
            {
                name = services.GetRequiredService<IOptions<RunbookOptions>>().Value.GetTarget(parseResult.GetValue(target)!).Name;
            }
            catch (UnknownTargetException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }

            var day = parseResult.GetValue(date) is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : time.GetUtcNow();
            var extension = parseResult.GetValue(format)!;
            var writer = services.GetRequiredService<HealthReportWriter>();
            if (!writer.IsConfigured)
            {
                await context.Error.WriteLineAsync($"error: {ReportStorageOptions.NotConfiguredMessage}");
                return ExitCodes.Configuration;
            }

            BinaryData? data;
            try
            {
                data = await writer.ReadStoredAsync(name, day, extension, cancellationToken);
            }
            catch (Azure.RequestFailedException e)
            {
                await context.Error.WriteLineAsync($"error: could not read the report: {e.Message}");
                return ExitCodes.Failed;
            }

            var blob = $"{HealthReportWriter.BlobPrefix(name, day)}.{extension}";
            if (data is null)
            {
                await context.Error.WriteLineAsync($"error: no report at reports/{blob}; run 'runbook health check' first, or pick another --date.");
                return ExitCodes.Failed;
            }

            if (parseResult.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllBytesAsync(file.FullName, data.ToArray(), cancellationToken);
                context.Output.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Saved reports/{blob} to {file.FullName}"));
            }
            else
            {
                context.Output.Profile.Out.Writer.WriteLine(data.ToString());
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
