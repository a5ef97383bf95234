using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Operations;
using Runbook.Reports;
using Runbook.Targets;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary>
/// <c>runbook backup create [--target NAME] [--out FILE|-] [--compression gzip|zstd|none] [--json]</c>: into the backups
/// container (verified, like the timer, but not pruned), or into a local file or standard output as break-glass when
/// storage is out of reach.
/// </summary>
public static class BackupCreateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, actor, json) = (BackupCli.Target(), CliOptions.Actor(), CliOptions.Json());
        var output = new Option<string?>("--out") { Description = "Write to this local file (and its .manifest.json beside it) instead of Blob Storage; '-' writes the dump to standard output." };
        var compression = new Option<BackupCompression?>("--compression") { Description = "gzip, zstd or none (default: Runbook:Backups:Compression)." };
        var command = new Command("create", "Back up a target (or every target) now.") { target, output, compression, actor, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var job = services.GetRequiredService<BackupJob>();
            var who = OperatorContext.Cli(parseResult.GetValue(actor));
            var (name, path, chosen, asJson) = (parseResult.GetValue(target), parseResult.GetValue(output), parseResult.GetValue(compression), parseResult.GetValue(json));
            var targets = name is null ? services.GetRequiredService<IOptions<RunbookOptions>>().Value.Targets.Select(t => t.Name).ToList() : [name];
            if (path is not null && targets.Count != 1)
            {
                throw new InvalidRequestException("--out writes one target: add --target NAME.");
            }

            var results = new List<BackupResult>();
            foreach (var each in targets)
            {
                results.Add(await BackupCli.WithProgressAsync(context, !asJson && path != "-", $"Backing up {each}", progress => path switch
                {
                    null => job.CreateAsync(each, chosen, who, progress, cancellationToken),
                    "-" => WriteToStandardOutputAsync(job, each, chosen, who, cancellationToken),
                    _ => job.CreateFileAsync(each, path, chosen, who, progress, cancellationToken),
                }));
            }

            if (asJson)
            {
                await (path == "-" ? context.Error : context.PlainOutput).WriteLineAsync(JsonSerializer.Serialize(results, ReportJson.Options));
                return ExitCodes.Normal;
            }

            foreach (var result in results)
            {
                var m = result.Manifest;
                var verified = (result.Verification is { } v ? $"; verified: {v.Message}" : string.Empty) + (result.RestoreDrill is { } d ? $"; restore drill: {d.Message}" : string.Empty);
                var line = string.Create(CultureInfo.InvariantCulture, $"{result.Target}: {result.Location} ({HealthSize(m.SizeBytes)}, {HealthSize(m.SqlBytes)} of SQL, {m.Tables.Sum(t => t.Rows):N0} rows in {m.Tables.Count} tables, {m.Compression}){verified}");
                if (path == "-")
                {
                    await context.Error.WriteLineAsync(line);
                }
                else
                {
                    context.Output.MarkupLine(Markup.Escape(line));
                }
            }

            return ExitCodes.Normal;
        });
        return command;
    }

    private static async Task<BackupResult> WriteToStandardOutputAsync(BackupJob job, string target, BackupCompression? compression, OperatorContext who, CancellationToken cancellationToken)
    {
        await using var stdout = Console.OpenStandardOutput();
        var result = await job.CreateStreamAsync(target, stdout, compression, who, null, cancellationToken);
        await stdout.FlushAsync(cancellationToken);
        return result;
    }

    private static string HealthSize(long bytes) => Runbook.Health.HealthReportHtml.Bytes(bytes);
}
