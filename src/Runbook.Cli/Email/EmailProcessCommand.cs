using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Spectre.Console;

namespace Runbook.Cli.Email;

/// <summary>
/// <c>runbook email process [--target NAME] [--limit N] [--include-failed] [--json]</c>: seed 003's
/// <c>process_email_queue</c>, once. Exit 0 when every message claimed was sent or is due again, 1 when some failed for
/// good, 3 when a run stopped short (SMTP server or target unreachable).
/// </summary>
public static class EmailProcessCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = EmailCli.Target();
        var limit = new Option<int?>("--limit") { Description = "Messages to claim per target (default Runbook:Outbox:BatchSize, 100)." };
        var includeFailed = new Option<bool>("--include-failed") { Description = "Replay messages failed for good too (their attempts start again)." };
        var json = CliOptions.Json();
        var command = new Command("process", "Send one batch from the outbox now (what the timer does every minute).") { target, limit, includeFailed, json };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var results = await services.GetRequiredService<OutboxProcessor>().ProcessAsync(
                parseResult.GetValue(target), parseResult.GetValue(limit), parseResult.GetValue(includeFailed), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await EmailCli.WriteJsonAsync(context, results);
            }
            else
            {
                foreach (var r in results)
                {
                    var line = string.Create(CultureInfo.InvariantCulture, $"{r.Target}: {r.Claimed} claimed, {r.Sent} sent, {r.Retrying} to retry, {r.Failed} failed, {r.Released} given back untried, {r.Purged} purged");
                    context.Output.MarkupLine(Markup.Escape(r.Error is null ? line : $"{line}; stopped: {r.Error}"));
                }
            }

            return results.Any(r => r.Error is not null) ? ExitCodes.Failed
                : results.Any(r => r.Failed > 0 || r.Superseded > 0) ? ExitCodes.Warning
                : ExitCodes.Normal;
        });
        return command;
    }
}
