using Runbook.UnitTests.Configuration;

namespace Runbook.UnitTests.Outbox;

/// <summary>The outbox and SMTP settings, refused at start-up with a message that names the key.</summary>
public sealed class OutboxOptionsTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Runbook:Targets:0:Name"] = "shop",
        ["Runbook:Targets:0:Provider"] = "MySql",
        ["Runbook:Targets:0:ConnectionString"] = "Server=db;User ID=app;Password=S3cret;Database=shop",
        ["Runbook:Targets:0:Outbox:Enabled"] = "true",
        ["Runbook:Smtp:Host"] = "smtp.example.com",
        ["Runbook:Smtp:User"] = "runbook",
        ["Runbook:Smtp:Password"] = "Pa55word-not-shown",
        ["Runbook:Smtp:From"] = "\"Shop\" <shop@example.com>",
    };

    [Fact]
    public void An_enabled_outbox_with_an_smtp_server_starts_and_a_missing_outbox_section_needs_no_smtp()
    {
        var withoutOutbox = Valid();
        withoutOutbox.Remove("Runbook:Targets:0:Outbox:Enabled");
        withoutOutbox.Remove("Runbook:Smtp:Host");

        Assert.Empty(StartupValidationTests.Failures(Valid()));
        Assert.Empty(StartupValidationTests.Failures(withoutOutbox));
    }

    public static TheoryData<string, string?, string> BadValues => new()
    {
        { "Runbook:Targets:0:Outbox:Table", "outbox; drop table x", "Runbook:Targets:0:Outbox:Table: 'outbox; drop table x' is not a valid SQL identifier" },
        { "Runbook:Targets:0:Outbox:Table", "", "Runbook:Targets:0:Outbox:Table is required (default runbook_outbox)." },
        { "Runbook:Targets:0:Outbox:Tabel", "x", "Runbook:Targets:0:Outbox:Tabel is not a setting Runbook reads; under Runbook:Targets:0:Outbox the settings are: Enabled, Table." },
        { "Runbook:Targets:0:Outbox:Enabled", "sometimes", "Runbook:Targets:0:Outbox:Enabled 'sometimes' is not true or false." },
        { "Runbook:Smtp:Host", null, "Runbook:Smtp:Host is required because Runbook:Targets:0:Outbox:Enabled is true" },
        { "Runbook:Smtp:Host", "smtp://mail.example.com:25", "Runbook:Smtp:Host 'smtp://mail.example.com:25' is not a host name or address" },
        { "Runbook:Smtp:Port", "0", "Runbook:Smtp:Port must be between 1 and 65535 (got 0)." },
        { "Runbook:Smtp:Security", "ssl-please", "'ssl-please' at 'Runbook:Smtp:Security'" },
        { "Runbook:Smtp:User", null, "Runbook:Smtp:User is required with Runbook:Smtp:Password." },
        { "Runbook:Smtp:PasswordSecret", "smtp-password", "Runbook:Smtp:Password and Runbook:Smtp:PasswordSecret are both set; set one." },
        { "Runbook:Smtp:From", "not an address", "Runbook:Smtp:From 'not an address' is not an e-mail address" },
        { "Runbook:Smtp:SendTimeout", "60", "Runbook:Smtp:SendTimeout '60' is not a duration" },
        { "Runbook:Smtp:SendTimeout", "00:06:00", "Runbook:Outbox:ProcessingTimeout (00:15:00) must be at least 3 times Runbook:Smtp:SendTimeout (00:06:00)" },
        { "Runbook:Outbox:MaxAttempts", "0", "Runbook:Outbox:MaxAttempts must be between 1 and 100 (got 0)." },
        { "Runbook:Outbox:BatchSize", "100000", "Runbook:Outbox:BatchSize must be between 1 and 10000 (got 100000)." },
        { "Runbook:Outbox:RetryBase", "02:00:00", "Runbook:Outbox:RetryBase (02:00:00) must not be greater than Runbook:Outbox:RetryMax (01:00:00)." },
        { "Runbook:Outbox:ProcessingTimeout", "900", "Runbook:Outbox:ProcessingTimeout '900' is not a duration" },
        { "Runbook:Outbox:RetryJitterPercent", "150", "Runbook:Outbox:RetryJitterPercent must be between 0 and 100 (got 150)." },
        { "Runbook:Outbox:Limit", "100", "Runbook:Outbox:Limit is not a setting Runbook reads; under Runbook:Outbox the settings are: MaxAttempts, RetryBase" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_outbox_and_smtp_settings_are_refused_naming_the_key(string key, string? value, string expected)
    {
        var settings = Valid();
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        var failures = StartupValidationTests.Failures(settings);

        Assert.True(failures.Any(f => f.Contains(expected, StringComparison.Ordinal)), string.Join("\n", failures));
        Assert.DoesNotContain(failures, f => f.Contains("Pa55word-not-shown", StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_in_key_vault_needs_the_vault()
    {
        var settings = Valid();
        settings.Remove("Runbook:Smtp:Password");
        settings["Runbook:Smtp:PasswordSecret"] = "smtp-password";

        var failures = StartupValidationTests.Failures(settings);
        settings["Runbook:KeyVault:VaultUri"] = "https://vault.example.com/";

        Assert.Equal(["Runbook:KeyVault:VaultUri is required because Runbook:Smtp:PasswordSecret names a Key Vault secret."], failures);
        Assert.Empty(StartupValidationTests.Failures(settings));
    }
}
