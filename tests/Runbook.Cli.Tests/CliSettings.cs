using Runbook.Testing;

namespace Runbook.Cli.Tests;

/// <summary>Configurations for commands that must be refused before they touch a server.</summary>
internal static class CliSettings
{
    /// <summary>A valid target on a loopback port nothing listens on.</summary>
    public static Dictionary<string, string?> Valid() => new()
    {
        ["Runbook:Targets:0:Name"] = "shop",
        ["Runbook:Targets:0:Provider"] = "PostgreSql",
        ["Runbook:Targets:0:ConnectionString"] = $"Host=127.0.0.1;Port={LocalProcess.FreePort()};Username=app;Database=shop",
        ["Runbook:HealthCheck:ConnectTimeout"] = "00:00:02",
    };

    /// <summary>Writes <paramref name="json"/> to a temporary file and returns its path.</summary>
    public static string WriteFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"runbook-cli-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
