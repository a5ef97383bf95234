using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Http.Hosting;

namespace Runbook.Cli.Serve;

/// <summary>
/// <c>runbook serve [--urls http://127.0.0.1:7071]</c>: the operator API on Kestrel, with the function app's routes,
/// handlers and key check, for trying it with curl on a laptop and for the tests. Stops on Ctrl-C.
/// </summary>
public static class ServeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var urls = new Option<string>("--urls") { Description = $"Where to listen (';' between several); default {RunbookServer.DefaultUrls}, loopback only.", DefaultValueFactory = _ => RunbookServer.DefaultUrls };
        var command = new Command("serve", "Serve the operator API (/api/...) on Kestrel, checking function keys like the Functions host.") { urls };
        context.SetAction(command, async (parseResult, services, cancellationToken) =>
        {
            var addresses = parseResult.GetValue(urls)!;
            var verbosity = parseResult.GetValue(RunbookCommand.VerbosityOption);
            await using var app = RunbookServer.Build(
                services.GetRequiredService<IConfiguration>(),
                addresses,
                logging => logging.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(verbosity),
                collection => collection.AddSingleton(context.Time));
            var keys = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
            await app.StartAsync(cancellationToken);
            await context.PlainOutput.WriteLineAsync($"Serving the Runbook API on {addresses}/api/ ({keys.FunctionKeys?.Length ?? 0} function key(s), master key {(string.IsNullOrEmpty(keys.MasterKey) ? "not set" : "set")}). Ctrl-C stops it.");
            if (!RunbookServer.IsLoopbackOnly(addresses))
            {
                await context.Error.WriteLineAsync("warning: listening beyond loopback; anyone who can reach these addresses and holds a key can act on your databases.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Normal;
        });
        return command;
    }
}
