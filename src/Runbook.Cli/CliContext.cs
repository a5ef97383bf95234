using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Runbook.Cli;

/// <summary>
/// What every command needs: the console to write to, and the services built from configuration
/// (a <c>--config</c> JSON file, then environment variables such as <c>Runbook__Targets__0__Name</c>).
/// </summary>
public sealed class CliContext(IAnsiConsole output, TextWriter error)
{
    /// <summary>Standard output, through Spectre.Console (plain text when not a terminal).</summary>
    public IAnsiConsole Output { get; } = output;

    /// <summary>Standard error, for messages that are not results.</summary>
    public TextWriter Error { get; } = error;

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
            Error.WriteLine($"error: configuration file '{configFile?.FullName}' is not valid JSON: {e.Message}");
            return null;
        }

        var services = new ServiceCollection()
            .AddLogging(logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace) // stdout is for results only
                .SetMinimumLevel(logLevel)
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddFilter("System", LogLevel.Warning))
            .AddRunbookCore(configuration)
            .BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return services;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            Error.WriteLine("error: the configuration is invalid:");
            foreach (var failure in Failures(e))
            {
                Error.WriteLine($"  - {failure}");
            }

            services.Dispose();
            return null;
        }
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException v => v.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(Failures),
        _ => [e.Message],
    };
}
