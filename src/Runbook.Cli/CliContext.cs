using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Http;
using Runbook.Operations;
using Runbook.Targets;
using Spectre.Console;

namespace Runbook.Cli;

/// <summary>
/// What every command needs: the console to write to, the services built from configuration (a <c>--config</c> JSON
/// file, then environment variables such as <c>Runbook__Targets__0__Name</c>), and the one run wrapper
/// (<see cref="SetAction"/>) that turns every way a command can end into its exit code.
/// </summary>
public sealed class CliContext(IAnsiConsole output, TextWriter error, TimeProvider? time = null)
{
    /// <summary>Standard output, through Spectre.Console (plain text when not a terminal).</summary>
    public IAnsiConsole Output { get; } = output;

    /// <summary>Standard output as plain text, with control characters removed: JSON and stored reports go here.</summary>
    public TextWriter PlainOutput { get; } = new TerminalTextWriter(output.Profile.Out.Writer);

    /// <summary>Standard error, for messages that are not results; control characters are removed.</summary>
    public TextWriter Error { get; } = new TerminalTextWriter(error);

    /// <summary>The clock the jobs use (tests pass a fake one).</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>
    /// Runs <paramref name="action"/> as <paramref name="command"/>'s action, inside the one wrapper every command shares:
    /// configuration errors exit 78; a request that cannot be carried out as asked (a missing reason) 64; Ctrl-C exits 130
    /// saying so; an unknown target, task or item, a conflict, or any unexpected exception exits 3
    /// with one line (the stack trace only with <c>--verbosity Debug</c>), never 1 or 2, which mean Warning and Critical.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var verbosity = parseResult.GetValue(RunbookCommand.VerbosityOption);
            try
            {
                await using var services = BuildServices(parseResult.GetValue(RunbookCommand.ConfigOption), verbosity);
                return services is null ? ExitCodes.Configuration : await action(parseResult, services, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Error.WriteLineAsync($"cancelled: '{CommandLine(parseResult)}' was stopped before it finished.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is UnknownTargetException or NotFoundException or ConflictException)
            {
                await Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (InvalidRequestException e)
            {
                await Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (OptionsValidationException e)
            {
                await WriteConfigurationErrorsAsync(e.Failures);
                return ExitCodes.Configuration;
            }
            catch (Exception e)
            {
                var details = verbosity <= LogLevel.Debug ? string.Empty : " (run with --verbosity Debug for details)";
                await Error.WriteLineAsync($"error: '{CommandLine(parseResult)}' failed: {e.GetType().Name}: {DatabaseText.FirstLine(e.Message)}{details}");
                if (verbosity <= LogLevel.Debug)
                {
                    await Error.WriteLineAsync(e.ToString());
                }

                return ExitCodes.Failed;
            }
        });
    }

    /// <summary>
    /// Builds the services and validates every option now, as the function app does at start-up. Returns null
    /// after writing the reasons to <see cref="Error"/> when the configuration is unusable.
    /// </summary>
    public ServiceProvider? BuildServices(FileInfo? configFile, LogLevel logLevel)
    {
        if (configFile is { Exists: false })
        {
            Error.WriteLine($"error: configuration file '{configFile.FullName}' does not exist.");
            return null;
        }

        IConfiguration configuration;
        try
        {
            var builder = new ConfigurationBuilder();
            if (configFile is not null)
            {
                builder.AddJsonFile(configFile.FullName, optional: false, reloadOnChange: false);
            }

            configuration = builder.AddEnvironmentVariables().Build();
        }
        catch (InvalidDataException e)
        {
            Error.WriteLine($"error: configuration file '{configFile?.FullName}' is not valid JSON{JsonPosition(e)}");
            return null;
        }

        var collection = new ServiceCollection();
        collection.TryAddSingleton(Time);
        collection.AddSingleton(configuration);
        var services = collection
            .AddLogging(logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace) // stdout is for results only
                .SetMinimumLevel(logLevel)
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddFilter("System", LogLevel.Warning))
            .AddRunbookCore(configuration)
            .AddRunbookServe(configuration)
            .BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return services;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            WriteConfigurationErrorsAsync(Failures(e)).GetAwaiter().GetResult();
            services.Dispose();
            return null;
        }
    }

    private async Task WriteConfigurationErrorsAsync(IEnumerable<string> failures)
    {
        await Error.WriteLineAsync("error: the configuration is invalid:");
        foreach (var failure in failures)
        {
            await Error.WriteLineAsync($"  - {failure}");
        }
    }

    private static string CommandLine(ParseResult parseResult)
    {
        // The root command is named after the executable (testhost under a test runner): say "runbook" instead.
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result?.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names.Prepend("runbook"));
    }

    // The JSON reader's message ends "LineNumber: 2 | BytePositionInLine: 31." (both from zero): say it as a person would.
    private static string JsonPosition(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                var message = json.Message;
                var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
                return $" at line {line + 1}, position {position + 1}: {(cut < 0 ? message : message[..cut])}";
            }
        }

        return $": {e.InnerException?.Message ?? e.Message}";
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException v => v.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(Failures),
        _ => [e.Message],
    };
}
