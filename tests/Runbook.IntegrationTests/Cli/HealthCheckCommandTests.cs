using System.Text.Json;
using Runbook.Cli;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Cli;

public sealed class HealthCheckCommandTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private Dictionary<string, string?> Settings(params Dictionary<string, string?>[] targets) => services.Settings(targets);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?>? settings, params string[] args) =>
        CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, args);

    [Fact]
    public async Task A_warning_exits_1_and_prints_a_table_and_the_report_location()
    {
        var (exitCode, output, error) = await RunAsync(Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop)), "health", "check");

        Assert.True(exitCode == ExitCodes.Warning, error + output);
        Assert.Contains("shop (PostgreSql) Warning", output, StringComparison.Ordinal);
        Assert.Contains("10 error(s) and 4 warning(s) in error_log", output, StringComparison.Ordinal);
        Assert.Contains("Largest table: public.order_items", output, StringComparison.Ordinal);
        Assert.Contains($"Report: {services.ReportsContainer}/daily/", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_down_target_exits_2_and_json_prints_the_report()
    {
        var settings = Settings(
            ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop),
            ShopFixture.ShopTarget(1, "down", "PostgreSql", ShopFixture.DownPostgres));

        var (exitCode, output, _) = await RunAsync(settings, "health", "check", "--json");

        Assert.Equal(ExitCodes.Critical, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Critical", json.RootElement.GetProperty("severity").GetString());
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(10, targets.Single(t => t.GetProperty("target").GetString() == "shop").GetProperty("errorLog").GetProperty("errorCount").GetInt32());
        Assert.False(targets.Single(t => t.GetProperty("target").GetString() == "down").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Target_selects_one_target_and_an_unknown_one_exits_3()
    {
        var settings = Settings(
            ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop),
            ShopFixture.ShopTarget(1, "down", "PostgreSql", ShopFixture.DownPostgres));

        var (exitCode, output, _) = await RunAsync(settings, "health", "check", "--target", "shop", "--json");
        var (unknownExit, _, unknownError) = await RunAsync(settings, "health", "check", "--target", "nope");

        Assert.Equal(ExitCodes.Warning, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal(ExitCodes.Failed, unknownExit);
        Assert.Contains("No target is named 'nope'", unknownError, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Runbook:Targets:0:Provider", "Oracle", "Runbook:Targets:0:Provider 'Oracle' is not supported" },
        { "Runbook:Targets:0:ErrorLog:Table", "logs; drop table x", "Runbook:Targets:0:ErrorLog:Table: 'logs; drop table x' is not a valid SQL identifier" },
        { "Runbook:Targets:0:Queues:1:StatusColumn", "status\"--", "Runbook:Targets:0:Queues:1:StatusColumn: 'status\"--' is not a valid SQL identifier" },
        { "Runbook:Targets:0:ConnectionString", null, "Runbook:Targets:0:ConnectionString is missing" },
        { "Runbook:HealthCheck:LatencyWarning", "00:00:05", "Runbook:HealthCheck:LatencyWarning (5000) must not be greater than Runbook:HealthCheck:LatencyCritical" },
        { "Runbook:Storage:ReportsContainer", "Reports_Bad", "Runbook:Storage:ReportsContainer 'Reports_Bad' is not a valid container name" },
        { "Runbook:HealthCheck:ConnectTimeout", "soon", "'soon' at 'Runbook:HealthCheck:ConnectTimeout'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_configuration_exits_78_naming_the_key_before_touching_anything(string key, string? value, string expected)
    {
        var settings = Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        var (exitCode, output, error) = await RunAsync(settings, "health", "check");

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task A_missing_config_file_and_a_bad_command_line_are_refused()
    {
        var (missingExit, _, missingError) = await RunAsync(null, "health", "check", "--config", "/nonexistent/runbook.json");
        var (usageExit, _, usageError) = await RunAsync(null, "health", "check", "--bogus");

        Assert.Equal(ExitCodes.Configuration, missingExit);
        Assert.Contains("/nonexistent/runbook.json' does not exist", missingError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, usageExit);
        Assert.Contains("--bogus", usageError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_saves_the_stored_report_and_says_when_there_is_none()
    {
        var settings = Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        var file = Path.Combine(Path.GetTempPath(), $"runbook-show-{Guid.NewGuid():N}", "shop.html");

        var (checkExit, _, _) = await RunAsync(settings, "health", "check");
        var (showExit, showOutput, showError) = await RunAsync(settings, "health", "show", "--target", "shop", "--format", "html", "--out", file);
        var (missingExit, _, missingError) = await RunAsync(settings, "health", "show", "--target", "shop", "--date", "2001-02-03");
        var (formatExit, _, _) = await RunAsync(settings, "health", "show", "--target", "shop", "--format", "pdf");

        Assert.Equal(ExitCodes.Warning, checkExit);
        Assert.True(showExit == ExitCodes.Normal, showError);
        Assert.Contains($"Saved {services.ReportsContainer}/daily/", showOutput, StringComparison.Ordinal);
        Assert.Contains("Payment gateway timeout", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, missingExit);
        Assert.Contains($"no report at {services.ReportsContainer}/daily/2001/02/03/shop.json", missingError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, formatExit);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
