using System.Text.Json;
using Runbook.Cli;
using Spectre.Console;

namespace Runbook.IntegrationTests.Cli;

/// <summary>Runs the <c>runbook</c> command in process with a JSON config file, capturing both streams.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?>? settings, params string[] args)
    {
        var configPath = Path.Combine(Path.GetTempPath(), $"runbook-cli-{Guid.NewGuid():N}.json");
        try
        {
            var arguments = args.ToList();
            if (settings is not null)
            {
                await File.WriteAllTextAsync(configPath, ToJson(settings));
                arguments.AddRange(["--config", configPath]);
            }

            var output = new StringWriter();
            var error = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(output),
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 200;
            var exitCode = await RunbookCommand.InvokeAsync([.. arguments], new CliContext(console, error));
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(configPath);
        }
    }

    // Flat "A:B:0:C" keys become the nested JSON a person would write.
    private static string ToJson(Dictionary<string, string?> settings)
    {
        var root = new Dictionary<string, object>();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (!node.TryGetValue(part, out var child))
                {
                    child = new Dictionary<string, object>();
                    node[part] = child;
                }

                node = (Dictionary<string, object>)child;
            }

            node[parts[^1]] = value!;
        }

        return JsonSerializer.Serialize(root);
    }
}
