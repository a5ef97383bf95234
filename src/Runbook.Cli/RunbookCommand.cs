using System.CommandLine;
using Microsoft.Extensions.Logging;
using Runbook.Cli.Audit;
using Runbook.Cli.Backups;
using Runbook.Cli.Db;
using Runbook.Cli.Email;
using Runbook.Cli.Health;
using Runbook.Cli.Promotions;
using Runbook.Cli.Queues;
using Runbook.Cli.Serve;
using Runbook.Cli.Tasks;

namespace Runbook.Cli;

/// <summary>The root <c>runbook</c> command and the options every subcommand shares.</summary>
public static class RunbookCommand
{
    /// <summary><c>--config FILE</c>: a JSON file with the same keys as the app settings.</summary>
    public static Option<FileInfo?> ConfigOption { get; } = new("--config", "-c")
    {
        Description = "A JSON configuration file (same keys as the app settings: Runbook:Targets:0:Name ...). Environment variables override it.",
        Recursive = true,
    };

    /// <summary><c>--verbosity LEVEL</c>: how much logging goes to standard error.</summary>
    public static Option<LogLevel> VerbosityOption { get; } = new("--verbosity", "-v")
    {
        Description = "Log level written to standard error (Trace, Debug, Information, Warning, Error).",
        DefaultValueFactory = _ => LogLevel.Warning,
        Recursive = true,
    };

    /// <summary>Builds the whole command tree.</summary>
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("Runbook: run operations jobs once, locally or as break-glass when the function app is down.");
        root.Options.Add(ConfigOption);
        root.Options.Add(VerbosityOption);

        var health = new Command("health", "The daily health check.");
        health.Subcommands.Add(HealthCheckCommand.Create(context));
        health.Subcommands.Add(HealthShowCommand.Create(context));
        root.Subcommands.Add(health);

        var tasks = new Command("tasks", "The timer switches: see them, switch timers off during an incident and back on.");
        tasks.Subcommands.Add(TasksStatusCommand.Create(context));
        tasks.Subcommands.Add(TaskDisableCommand.Create(context));
        tasks.Subcommands.Add(TaskEnableCommand.Create(context));
        tasks.Subcommands.Add(TasksDisableAllCommand.Create(context));
        tasks.Subcommands.Add(TasksEnableAllCommand.Create(context));
        root.Subcommands.Add(tasks);

        var audit = AuditListCommand.Create(context);
        audit.Subcommands.Add(AuditVerifyCommand.Create(context));
        root.Subcommands.Add(audit);
        var queue = new Command("queue", "Seed 004's queue buttons: see the queues, requeue failed items, clear items with care.");
        queue.Subcommands.Add(QueueListCommand.Create(context));
        queue.Subcommands.Add(QueueItemsCommand.Create(context));
        queue.Subcommands.Add(QueueRequeueFailedCommand.Create(context));
        queue.Subcommands.Add(QueueRequeueCommand.Create(context));
        queue.Subcommands.Add(QueueClearCommand.Create(context, queued: false));
        queue.Subcommands.Add(QueueClearCommand.Create(context, queued: true));
        root.Subcommands.Add(queue);
        var backup = new Command("backup", "Backups to Blob Storage (seed 001): make one now, list, verify, prune, restore, drill.");
        backup.Subcommands.Add(BackupCreateCommand.Create(context));
        backup.Subcommands.Add(BackupListCommand.Create(context));
        backup.Subcommands.Add(BackupVerifyCommand.Create(context));
        backup.Subcommands.Add(BackupPruneCommand.Create(context));
        backup.Subcommands.Add(BackupRestoreCommand.Create(context));
        backup.Subcommands.Add(BackupDrillCommand.Create(context));
        root.Subcommands.Add(backup);
        var promo = new Command("promo", "Force stuck promotions off (seed 000 §2), safer than editing the database.");
        promo.Subcommands.Add(PromoListCommand.Create(context));
        promo.Subcommands.Add(PromoDeactivateCommand.Create(context, all: false));
        promo.Subcommands.Add(PromoDeactivateCommand.Create(context, all: true));
        promo.Subcommands.Add(PromoExpireCommand.Create(context));
        root.Subcommands.Add(promo);
        var email = new Command("email", "Seed 003's e-mail outbox: send a batch now, see the queue and its failures, queue a test message.");
        email.Subcommands.Add(EmailProcessCommand.Create(context));
        email.Subcommands.Add(EmailStatusCommand.Create(context));
        email.Subcommands.Add(EmailFailedCommand.Create(context));
        email.Subcommands.Add(EmailSendCommand.Create(context));
        email.Subcommands.Add(EmailReplayFailedCommand.Create(context));
        root.Subcommands.Add(email);
        var db = new Command("db", "Runbook's own tables in the target databases.");
        db.Subcommands.Add(DbMigrateCommand.Create(context));
        root.Subcommands.Add(db);
        root.Subcommands.Add(ServeCommand.Create(context));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>; parse errors exit with <see cref="ExitCodes.Usage"/>, everything else
    /// through <see cref="CliContext.SetAction"/>.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parseResult = Create(context).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }

            await context.Error.WriteLineAsync("Run 'runbook --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = context.PlainOutput, Error = context.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }
}
