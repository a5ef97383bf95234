using System.CommandLine;
using Runbook.Operations;
using Spectre.Console;

namespace Runbook.Cli;

/// <summary>The options and the confirmation that commands of several capabilities share.</summary>
internal static class CliOptions
{
    /// <summary><c>--json</c>: the result as JSON, the same shape as the HTTP API.</summary>
    public static Option<bool> Json(string description = "Print the result as JSON (the same shape as the HTTP API).") =>
        new("--json") { Description = description };

    /// <summary><c>--actor</c>: who is acting, for the audit trail; the operating-system user by default.</summary>
    public static Option<string> Actor() => new("--actor")
    {
        Description = "Who is acting, for the audit trail (default: the operating-system user).",
        DefaultValueFactory = _ => Environment.UserName,
    };

    /// <summary>
    /// Commands that change data for good go ahead with --yes; on a terminal they ask; anywhere else they refuse, so a
    /// script never changes data by accident.
    /// </summary>
    public static bool Confirmed(CliContext context, bool yes, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
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
