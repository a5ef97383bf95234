using System.CommandLine;
using System.Globalization;
using Runbook.Backups;
using Spectre.Console;

namespace Runbook.Cli.Backups;

/// <summary>What the backup commands share: their options and the progress display.</summary>
internal static class BackupCli
{
    /// <summary><c>--target NAME</c>: one target; every target when left out.</summary>
    public static Option<string?> Target() => new("--target") { Description = "One target (default: every target)." };

    /// <summary>Runs <paramref name="run"/> with a live display of rows and bytes per table when the console is a terminal.</summary>
    public static async Task<T> WithProgressAsync<T>(CliContext context, bool show, string title, Func<IProgress<DumpProgress>?, Task<T>> run)
    {
        if (!show || !context.Output.Profile.Capabilities.Interactive)
        {
            return await run(null);
        }

        T result = default!;
        await context.Output.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var total = progress.AddTask(Markup.Escape(title)).IsIndeterminate();
                var tables = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var reporter = new SynchronousProgress(p =>
                {
                    if (!tables.TryGetValue(p.Table, out var task))
                    {
                        task = progress.AddTask(Markup.Escape(p.Table)).IsIndeterminate();
                        tables[p.Table] = task;
                    }

                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Table}: {p.Rows:N0} rows, {Runbook.Health.HealthReportHtml.Bytes(p.Bytes)}"));
                    if (p.TableCompleted)
                    {
                        task.IsIndeterminate(false).Value(task.MaxValue);
                    }

                    total.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}: {Runbook.Health.HealthReportHtml.Bytes(p.TotalBytes)} of SQL"));
                });
                result = await run(reporter);
                total.IsIndeterminate(false).Value(total.MaxValue);
            });
        return result;
    }

    /// <summary>Reports on the caller's thread, so the display follows the dump exactly.</summary>
    private sealed class SynchronousProgress(Action<DumpProgress> report) : IProgress<DumpProgress>
    {
        public void Report(DumpProgress value) => report(value);
    }
}
