using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Runbook.Queues;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Queues;

/// <summary>The arguments and output the queue commands share.</summary>
internal static class QueueCli
{
    public static Argument<string> Target() => new("target") { Description = "The target database (as configured)." };

    public static Argument<string> Queue() => new("queue") { Description = "The queue (its configured name; runbook queue list shows them)." };

    /// <summary>Prints a change as a line, or as JSON.</summary>
    public static async Task<int> WriteAsync(CliContext context, QueueChange change, bool json)
    {
        if (json)
        {
            await context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(change, ReportJson.Options));
        }
        else
        {
            context.Output.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{change.Target}/{change.Queue} {change.Operation}: {change.Detail} ({change.Rows} row(s))")));
        }

        return ExitCodes.Normal;
    }
}
