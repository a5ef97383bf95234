using Runbook.Targets;

namespace Runbook.UnitTests.Targets;

public sealed class RunbookOptionsValidatorTests
{
    private static TargetOptions Target(string name = "shop") => new() { Name = name, Provider = "PostgreSql", ConnectionString = "Host=db" };

    private static IReadOnlyList<string> Failures(RunbookOptions options) =>
        new RunbookOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void A_complete_target_passes()
    {
        var options = new RunbookOptions();
        var target = Target();
        target.ErrorLog = new ErrorLogTableOptions { Table = "app.error_log" };
        target.Queues.Add(new QueueTableOptions { Table = "email_outbox" });
        options.Targets.Add(target);

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Duplicate_and_unsafe_names_are_refused()
    {
        var options = new RunbookOptions();
        options.Targets.Add(Target("shop"));
        options.Targets.Add(Target("SHOP"));
        options.Targets.Add(Target("../etc"));
        options.Targets.Add(Target(""));

        var failures = Failures(options);

        Assert.Contains("Runbook:Targets:1:Name 'SHOP' is used by another target; target names must be unique.", failures);
        Assert.Contains(failures, f => f.StartsWith("Runbook:Targets:2:Name '../etc' may hold only", StringComparison.Ordinal));
        Assert.Contains("Runbook:Targets:3:Name is required.", failures);
    }

    [Fact]
    public void Connection_must_come_from_exactly_one_place_and_a_secret_needs_a_vault()
    {
        var both = Target();
        both.ConnectionStringSecret = "shop-db";
        var secretOnly = new TargetOptions { Name = "b", Provider = "MySql", ConnectionStringSecret = "b-db" };
        var options = new RunbookOptions();
        options.Targets.Add(both);
        options.Targets.Add(secretOnly);

        var failures = Failures(options);

        Assert.Contains("Runbook:Targets:0:ConnectionString and Runbook:Targets:0:ConnectionStringSecret are both set; set exactly one.", failures);
        Assert.Contains("Runbook:KeyVault:VaultUri is required because Runbook:Targets:1:ConnectionStringSecret names a Key Vault secret.", failures);

        options.Targets.RemoveAt(0);
        options.KeyVault.VaultUri = new Uri("http://vault.example");
        Assert.Contains(Failures(options), f => f.Contains("must be an absolute https:// address", StringComparison.Ordinal));
        options.KeyVault.VaultUri = new Uri("https://vault.example");
        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("", "Runbook:Targets:0:Provider is required: use PostgreSql or MySql.")]
    [InlineData("SqlServer", "Runbook:Targets:0:Provider 'SqlServer' is not supported: use PostgreSql or MySql (MySQL 8 and MariaDB 10.6+).")]
    [InlineData("Unspecified", "Runbook:Targets:0:Provider 'Unspecified' is not supported: use PostgreSql or MySql (MySQL 8 and MariaDB 10.6+).")]
    public void Unknown_providers_are_refused(string provider, string expected)
    {
        var options = new RunbookOptions();
        var target = Target();
        target.Provider = provider;
        options.Targets.Add(target);

        Assert.Contains(expected, Failures(options));
    }

    [Fact]
    public void Provider_names_are_case_insensitive()
    {
        Assert.Equal(DatabaseProvider.MySql, new TargetOptions { Provider = "mysql" }.ProviderKind);
        Assert.Equal(DatabaseProvider.PostgreSql, new TargetOptions { Provider = "POSTGRESQL" }.ProviderKind);
    }
}
