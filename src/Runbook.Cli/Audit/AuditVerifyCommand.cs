using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;

namespace Runbook.Cli.Audit;

/// <summary><c>runbook audit verify [--since 7d] [--until TIME]</c>: checks the hash chain; exit 2 naming the first broken record.</summary>
public static class AuditVerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (since, until) = AuditListCommand.Window("7d");
        var command = new Command("verify", "Check that no audit record was altered or removed (exit 2 when one was).") { since, until };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var now = context.Time.GetUtcNow();
            var result = await services.GetRequiredService<AuditTrail>().VerifyAsync(
                AuditWindow.Parse(parseResult.GetValue(since), "--since", now, now.AddDays(-7)),
                AuditWindow.Parse(parseResult.GetValue(until), "--until", now, now),
                cancellationToken);
            if (!result.Intact)
            {
                await context.Error.WriteLineAsync($"audit chain broken: {result.Problem}");
                return ExitCodes.Critical;
            }

            await context.PlainOutput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"audit chain intact: {result.Records} record(s) in {result.Days.Count} day(s)."));
            return ExitCodes.Normal;
        });
        return command;
    }
}
