using System.Text.Json;
using Runbook.Cli;
using Spectre.Console;

namespace Runbook.Testing;

/// <summary>Runs the <c>runbook</c> command in process with a JSON config file, capturing both streams.</summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="args"/> with <paramref name="settings"/> written to a temporary <c>--config</c> file.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?>? settings, params string[] args) =>
        RunAsync(settings, null, CancellationToken.None, args);

    /// <summary>As <see cref="RunAsync(Dictionary{string, string?}?, string[])"/>, with a clock and a cancellation token.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?>? settings, TimeProvider? time, CancellationToken cancellationToken, params string[] args)
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
            var exitCode = await RunbookCommand.InvokeAsync([.. arguments], new CliContext(console, error, time), cancellationToken);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(configPath);
        }
    }

    /// <summary>
    /// The built <c>runbook.dll</c>, for tests that run it as a real process: the CLI's own build output
    /// (tests/X/bin/&lt;configuration&gt;/&lt;tfm&gt;/ mirrors src/Runbook.Cli/bin/...), where runbook.deps.json matches the files beside it.
    /// </summary>
    public static string RunbookDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration, root) = (output.Name, output.Parent!.Name, output.Parent.Parent!.Parent!.Parent!.Parent!.FullName);
        return Path.Combine(root, "src", "Runbook.Cli", "bin", configuration, framework, "runbook.dll");
    }

    /// <summary>Flat "A:B:0:C" keys become the nested JSON a person would write (numbered keys stay objects; the binder reads both).</summary>
    public static string ToJson(Dictionary<string, string?> settings)
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
