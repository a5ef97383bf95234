using Runbook.Testing;

namespace Runbook.Cli.Tests;

/// <summary>Command lines and configurations that never reach a server: usage errors exit 64, bad configuration 78.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string, int, string> CommandLines => new()
    {
        { "frobnicate", ExitCodes.Usage, "frobnicate" },
        { "health", ExitCodes.Usage, "Required command was not provided" },
        { "health check --bogus", ExitCodes.Usage, "--bogus" },
        { "health show", ExitCodes.Usage, "--target" },
        { "health show --target shop --format pdf", ExitCodes.Usage, "pdf" },
        { "health show --target shop --date yesterday", ExitCodes.Usage, "yesterday" },
        { "health check --verbosity Loud", ExitCodes.Usage, "Loud" },
        { "health check --json extra", ExitCodes.Usage, "extra" },
        { "email failed", ExitCodes.Usage, "--target" },
        { "email process --limit many", ExitCodes.Usage, "many" },
        { "email send --target shop --subject hi", ExitCodes.Usage, "--to" },
        { "db migrate extra", ExitCodes.Usage, "extra" },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public async Task A_wrong_command_line_exits_64_naming_what_is_wrong(string commandLine, int exitCode, string expected)
    {
        var (code, output, error) = await CliRunner.RunAsync(CliSettings.Valid(), commandLine.Split(' '));

        Assert.Equal(exitCode, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("Run 'runbook --help' for usage.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("health --help")]
    [InlineData("health check --help")]
    public async Task Help_exits_0(string commandLine)
    {
        var (code, output, _) = await CliRunner.RunAsync(null, commandLine.Split(' '));

        Assert.Equal(ExitCodes.Normal, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string> Configurations => new()
    {
        { "Runbook:Targets:0:Name", null, "Runbook:Targets is empty" },
        { "Runbook:Target:0:Name", "shop", "Runbook:Target is not a setting Runbook reads" },
        { "Runbook:HealthCheck:ConnectTimeout", "60", "Runbook:HealthCheck:ConnectTimeout '60' is not a duration" },
        { "Runbook:Targets:0:Provider", "1", "Runbook:Targets:0:Provider '1' is not supported" },
        { "Runbook:Targets:0:ConnectionString", "Host=db;Password=Ab;X=y", "Runbook:Targets:0:ConnectionString is not a valid PostgreSql connection string" },
        { "Runbook:HealthCheck:TopMessages", "many", "'many' at 'Runbook:HealthCheck:TopMessages'" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Bad_configuration_exits_78_naming_the_key(string key, string? value, string expected)
    {
        var settings = CliSettings.Valid();
        if (value is null)
        {
            settings.Clear();
        }
        else
        {
            settings[key] = value;
        }

        var (code, output, error) = await CliRunner.RunAsync(settings, "health", "check");

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Ab;X=y", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task A_config_file_that_is_not_json_is_refused_with_its_line_and_position()
    {
        var path = CliSettings.WriteFile("{\n  \"Runbook\": {\n    \"Targets\": [ { \"Name\": \"shop\" \"Provider\": \"MySql\" } ]\n  }\n}\n");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync(null, "health", "check", "--config", path);

            Assert.Equal(ExitCodes.Configuration, code);
            Assert.Contains($"configuration file '{path}' is not valid JSON at line 3, position 35:", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_config_file_exits_78()
    {
        var (code, _, error) = await CliRunner.RunAsync(null, "health", "check", "--config", "/nonexistent/runbook.json");

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains("'/nonexistent/runbook.json' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_target_exits_3_listing_the_configured_ones()
    {
        var (code, _, error) = await CliRunner.RunAsync(CliSettings.Valid(), "health", "show", "--target", "nope");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("No target is named 'nope'. Configured targets: shop.", error, StringComparison.Ordinal);
    }
}
