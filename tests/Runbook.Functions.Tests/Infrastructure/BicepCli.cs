using System.Diagnostics;
using System.Reflection;

namespace Runbook.Functions.Tests.Infrastructure;

/// <summary>What one run of the bicep executable printed.</summary>
public sealed record BicepResult(int ExitCode, string Output, string Errors)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string All => $"{Output}{Errors}".Trim();
}

/// <summary>Runs the Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package (see the project file).</summary>
public static class BicepCli
{
    /// <summary>The executable's path, from the assembly metadata the project file writes.</summary>
    public static string ExecutablePath { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("BicepPath metadata is missing from the test assembly.");

    /// <summary>A loopback address where nothing listens (the discard port).</summary>
    public const string DeadProxy = "http://127.0.0.1:9";

    /// <summary>Runs bicep with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static BicepResult Run(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {ExecutablePath}; restore the test project (dotnet restore) to download Azure.Bicep.CommandLine.linux-x64.", ExecutablePath);
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI reaches for aka.ms when it starts (seen with strace: a DNS lookup on every build and lint). A
        // proxy on a closed loopback port keeps that request on this machine; nothing the build needs is online.
        start.Environment["HTTPS_PROXY"] = DeadProxy;
        start.Environment["HTTP_PROXY"] = DeadProxy;
        start.Environment["ALL_PROXY"] = DeadProxy;
        start.Environment.Remove("NO_PROXY");
        start.Environment.Remove("no_proxy");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return new BicepResult(process.ExitCode, output.Result, errors.Result);
    }
}
