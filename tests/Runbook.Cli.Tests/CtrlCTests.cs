using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Runbook.Testing;

namespace Runbook.Cli.Tests;

/// <summary>Ctrl-C on a real <c>runbook</c> process, stuck connecting to a server that accepts and never answers.</summary>
public sealed class CtrlCTests
{
    [Fact]
    public async Task Sigint_exits_130_saying_the_command_was_cancelled()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        var settings = CliSettings.Valid();
        settings["Runbook:Targets:0:ConnectionString"] = $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=app;Database=shop";
        settings["Runbook:HealthCheck:ConnectTimeout"] = "00:02:00";
        var config = CliSettings.WriteFile(CliRunner.ToJson(settings));
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { CliRunner.RunbookDll(), "health", "check", "--config", config })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (accepted.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(accepted.Count > 0, "the command never tried to connect");
            await LocalProcess.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(wait.Token);

            Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
            Assert.Contains("cancelled: 'runbook health check' was stopped before it finished.", await error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            File.Delete(config);
            accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Serve_answers_over_http_and_stops_on_sigint_with_130()
    {
        var settings = CliSettings.Valid();
        settings["Runbook:Serve:FunctionKeys:0"] = "cli-test-key-0123456789";
        var config = CliSettings.WriteFile(CliRunner.ToJson(settings));
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { CliRunner.RunbookDll(), "serve", "--config", config, "--urls", url })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        try
        {
            Assert.StartsWith("Serving the Runbook API on " + url, await process.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
            using var unauthorized = await http.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
            request.Headers.Add("x-functions-key", "cli-test-key-0123456789");
            using var authorized = await http.SendAsync(request);
            await LocalProcess.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(wait.Token);

            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, authorized.StatusCode);
            Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
            Assert.Contains("cancelled: 'runbook serve' was stopped", await error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            File.Delete(config);
        }
    }
}
