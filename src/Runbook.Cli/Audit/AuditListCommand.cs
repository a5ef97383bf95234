using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Audit;

/// <summary><c>runbook audit [--since 2h] [--until TIME] [--operation OP] [--target T] [--json]</c>: who did what.</summary>
public static class AuditListCommand
{
    /// <summary>The options the audit commands share.</summary>
    internal static (Option<string?> Since, Option<string?> Until) Window(string defaultSince) => (
        new Option<string?>("--since") { Description = $"From: an ISO 8601 time or a span back from now (30m, 2h, 7d); default {defaultSince}." },
        new Option<string?>("--until") { Description = "To: an ISO 8601 time or a span back from now; default now." });

    /// <summary>Creates the command (the root of <c>audit</c>, with <c>verify</c> below it).</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (since, until) = Window("24h");
        var operation = new Option<string?>("--operation") { Description = "Only this operation (tasks.disable, timer.health-check...)." };
        var target = new Option<string?>("--target") { Description = "Only this target (a task, a database, a queue item)." };
        var json = CliOptions.Json("Print the records as JSON.");
        var command = new Command("audit", "Read the audit trail: who did what, when, and how it ended.") { since, until, operation, target, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var now = context.Time.GetUtcNow();
            var records = await services.GetRequiredService<AuditTrail>().ReadAsync(
                AuditWindow.Parse(parseResult.GetValue(since), "--since", now, now.AddHours(-24)),
                AuditWindow.Parse(parseResult.GetValue(until), "--until", now, now),
                AuditWindow.Filter(parseResult.GetValue(operation), "--operation"),
                AuditWindow.Filter(parseResult.GetValue(target), "--target"),
                cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(records, ReportJson.Options));
                return ExitCodes.Normal;
            }

            var table = new Table().AddColumns("Time", "Actor", "Operation", "Target", "Outcome", "Rows", "Detail");
            foreach (var record in records)
            {
                table.AddRow(
                    record.Time.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(record.Actor ?? "-"), Markup.Escape(record.Operation), Markup.Escape(record.Target ?? "-"),
                    Markup.Escape(record.Outcome), record.RowsChanged.ToString(CultureInfo.InvariantCulture), Markup.Escape(record.Detail ?? string.Empty));
            }

            context.Output.Write(table);
            return ExitCodes.Normal;
        });
        return command;
    }
}
