using System.CommandLine;
using Runbook.Testing;
using Spectre.Console;

namespace Runbook.Cli.Tests;

/// <summary>The one run wrapper every command goes through (<see cref="CliContext.SetAction"/>).</summary>
public sealed class RunWrapperTests : IDisposable
{
    private readonly string _config = CliSettings.WriteFile(CliRunner.ToJson(CliSettings.Valid()));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        File.Delete(_config);
        _output.Dispose();
        _error.Dispose();
    }

    private async Task<int> RunAsync(Func<CancellationToken, Task<int>> action, CancellationToken cancellationToken, params string[] extra)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(_output), Interactive = InteractionSupport.No });
        var context = new CliContext(console, _error);
        var root = new RootCommand { RunbookCommand.ConfigOption, RunbookCommand.VerbosityOption };
        var command = new Command("probe");
        context.SetAction(command, (_, _, token) => action(token));
        root.Subcommands.Add(command);
        return await root.Parse(["probe", "--config", _config, .. extra]).InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, cancellationToken);
    }

    [Fact]
    public async Task An_unexpected_exception_exits_3_with_one_clean_line()
    {
        var code = await RunAsync(_ => throw new InvalidOperationException("boom \u001b[31mred\u001b[0m\nsecond line"), CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, code);
        var line = Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: 'runbook probe' failed: InvalidOperationException: boom [31mred[0m (run with --verbosity Debug for details)", line);
        Assert.DoesNotContain('\u001b', _error.ToString());
    }

    [Fact]
    public async Task Verbosity_debug_adds_the_stack_trace()
    {
        var code = await RunAsync(_ => throw new InvalidOperationException("boom"), CancellationToken.None, "--verbosity", "Debug");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: 'runbook probe' failed: InvalidOperationException: boom", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_exits_130_and_says_so()
    {
        using var cancel = new CancellationTokenSource();
        var code = await RunAsync(
            async token =>
            {
                await cancel.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
                return ExitCodes.Normal;
            },
            cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled: 'runbook probe' was stopped before it finished.", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_after_cancellation_that_is_not_cancellation_still_exits_3()
    {
        var code = await RunAsync(_ => throw new TimeoutException("late"), CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, code);
    }
}
