using Runbook.Cli;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await RunbookCommand.InvokeAsync(args, new CliContext(AnsiConsole.Console, Console.Error), cancel.Token);
