using System.CommandLine;
using System.Globalization;
using Runbook.Configuration;
using Runbook.Operations;

namespace Runbook.Cli.Tasks;

/// <summary>The options the task commands share.</summary>
internal static class TaskOptionsForCli
{
    public static Option<string?> Reason(bool required) => new("--reason", "-r") { Description = "Why (required to disable).", Required = required };

    public static Option<string?> For() => new("--for")
    {
        Description = "Turn back on by itself after this long (hh:mm:ss or d.hh:mm:ss), so an incident switch is not forgotten.",
    };

    public static Option<DateTimeOffset?> Until() => new("--until") { Description = "Turn back on by itself at this time (ISO 8601, e.g. 2026-11-24T09:00:00Z)." };

    public static Argument<string> Name() => new("name") { Description = "The task (runbook tasks status lists them)." };

    /// <summary>The end of a disable from --until or --for (not both).</summary>
    public static DateTimeOffset? End(ParseResult parseResult, Option<DateTimeOffset?> until, Option<string?> duration, TimeProvider time)
    {
        var at = parseResult.GetValue(until);
        var length = parseResult.GetValue(duration);
        if (at is not null && length is not null)
        {
            throw new InvalidRequestException("Give --until or --for, not both.");
        }

        if (length is null)
        {
            return at;
        }

        return DurationText.TryParse(length, out var span)
            ? time.GetUtcNow() + span
            : throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture, $"--for '{length}' is not a duration: use {DurationText.Expected}."));
    }
}
