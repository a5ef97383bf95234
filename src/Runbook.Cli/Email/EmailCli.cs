using System.CommandLine;
using System.Text.Json;
using Runbook.Reports;

namespace Runbook.Cli.Email;

/// <summary>The options and output the e-mail commands share.</summary>
internal static class EmailCli
{
    public static Option<string?> Target(string description = "Only this target (default: every target whose outbox is enabled).") =>
        new("--target", "-t") { Description = description };

    public static Option<string> RequiredTarget() => new("--target", "-t") { Description = "The target (as configured).", Required = true };

    /// <summary>Writes <paramref name="value"/> as JSON, the same shape as the HTTP API will use.</summary>
    public static Task WriteJsonAsync<T>(CliContext context, T value) => context.PlainOutput.WriteLineAsync(JsonSerializer.Serialize(value, ReportJson.Options));
}
