using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Runbook.Operations;
using Runbook.Queues;
using Runbook.Reports;
using Spectre.Console;

namespace Runbook.Cli.Queues;

/// <summary>The arguments, options and output the queue commands share.</summary>
internal static class QueueCli
{
    public static Argument<string> Target() => new("target") { Description = "The target database (as configured)." };

    public static Argument<string> Queue() => new("queue") { Description = "The queue (its configured name; runbook queue list shows them)." };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON (the same shape as the HTTP API)." };

    public static Option<string> Actor() => new("--actor") { Description = "Who is acting, for the audit trail (default: the operating-system user).", DefaultValueFactory = _ => Environment.UserName };

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

    /// <summary>
    /// Commands that change data for good go ahead with --yes; on a terminal they ask; anywhere else they refuse, so a script never
    /// clears a queue by accident.
    /// </summary>
    public static bool Confirmed(CliContext context, bool yes, string what)
    {
        if (yes)
        {
            return true;
        }

        if (!context.Output.Profile.Capabilities.Interactive)
        {
            throw new InvalidRequestException($"{what}: add --yes to confirm (no terminal to ask on).");
        }

        return context.Output.Confirm($"{Markup.Escape(what)}: go ahead?", defaultValue: false);
    }
}
