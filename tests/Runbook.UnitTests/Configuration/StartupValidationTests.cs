using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Runbook.UnitTests.Configuration;

/// <summary>
/// Bad configuration found by a probe, each refused at start-up with a message that names the key: a run that would
/// check nothing, unknown keys, the wrong shape, durations, provider names, connection strings.
/// </summary>
public sealed class StartupValidationTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Runbook:Targets:0:Name"] = "shop",
        ["Runbook:Targets:0:Provider"] = "PostgreSql",
        ["Runbook:Targets:0:ConnectionString"] = "Host=db;Username=app;Password=S3cret;Database=shop",
        ["Runbook:Targets:0:ErrorLog:Table"] = "error_log",
        ["Runbook:Targets:0:Queues:0:Table"] = "email_outbox",
    };

    /// <summary>The failures start-up reports, as the function app and the CLI see them.</summary>
    public static IReadOnlyList<string> Failures(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddRunbookCore(configuration).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            return [.. Flatten(e)];
        }
    }

    private static IEnumerable<string> Flatten(Exception e) => e switch
    {
        OptionsValidationException v => v.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(Flatten),
        _ => [e.Message],
    };

    [Fact]
    public void A_complete_configuration_starts()
    {
        Assert.Empty(Failures(Valid()));
    }

    public static TheoryData<string, string?, string> BadValues => new()
    {
        // A run over nothing would say Normal.
        { "Runbook:Targets:0:Name", null, "Runbook:Targets is empty: configure at least one target" },
        { "Runbook:Target:0:Name", "shop", "Runbook:Target is not a setting Runbook reads; under Runbook the settings are: Targets, KeyVault, Storage, Audit, Tasks, HealthCheck, Queues, Promotions, Backups, Outbox, Smtp, Notifications." },
        { "Runbook:Targets:0:ErrorLog:Tabel", "error_log", "Runbook:Targets:0:ErrorLog:Tabel is not a setting Runbook reads; under Runbook:Targets:0:ErrorLog the settings are: Table, LevelColumn" },
        { "Runbook:HealthCheck:ConectTimeout", "00:00:05", "Runbook:HealthCheck:ConectTimeout is not a setting Runbook reads" },
        { "Runbook:Targets:0:Queues:1", "sync_queue", "Runbook:Targets:0:Queues:1 must be an object with the settings Name, Table, StatusColumn" },
        { "Runbook:Targets:0:ErrorLog:ErrorLevels:x", "fatal", "Runbook:Targets:0:ErrorLog:ErrorLevels must be a list (in JSON: [ { ... } ]), but it is an object with the key 'x'." },
        { "Runbook:Targets:0:Name:First", "shop", "Runbook:Targets:0:Name must be a single value, not an object or a list." },
        // Durations: TimeSpan.Parse alone reads "25:00:00" as 25 days and "30" as 30 days.
        { "Runbook:HealthCheck:ErrorLogWindow", "25:00:00", "Runbook:HealthCheck:ErrorLogWindow '25:00:00' is not a duration: use hh:mm:ss or d.hh:mm:ss" },
        { "Runbook:HealthCheck:ErrorLogWindow", "30", "Runbook:HealthCheck:ErrorLogWindow '30' is not a duration" },
        { "Runbook:HealthCheck:ConnectTimeout", "60", "Runbook:HealthCheck:ConnectTimeout '60' is not a duration" },
        { "Runbook:HealthCheck:ConnectTimeout", "1.00:00:00", "Runbook:HealthCheck:ConnectTimeout 1.00:00:00 is out of range: use a duration from 00:00:01 to 00:05:00." },
        { "Runbook:HealthCheck:CommandTimeout", "00:00:00", "Runbook:HealthCheck:CommandTimeout 00:00:00 is out of range" },
        { "Runbook:HealthCheck:IdleInTransactionWarning", "02:00:00", "Runbook:HealthCheck:IdleInTransactionWarning (7200) must not be greater than Runbook:HealthCheck:IdleInTransactionCritical (3600)." },
        { "Runbook:HealthCheck:CacheHitRatioCriticalPercent", "95", "Runbook:HealthCheck:CacheHitRatioCriticalPercent (95) must not be greater than Runbook:HealthCheck:CacheHitRatioWarningPercent (90): a hit ratio is worse when lower." },
        { "Runbook:HealthCheck:SequenceCriticalPercent", "150", "Runbook:HealthCheck:SequenceCriticalPercent is a percentage and must be at most 100 (got 150)." },
        { "Runbook:HealthCheck:DeadTupleMinimum", "-1", "Runbook:HealthCheck:DeadTupleMinimum must not be negative (got -1)." },
        { "Runbook:HealthCheck:ReplicationLagWarning", "60", "Runbook:HealthCheck:ReplicationLagWarning '60' is not a duration" },
        { "Runbook:HealthCheck:WraparoundWarningPercent", "lots", "Runbook:HealthCheck:WraparoundWarningPercent" },
        { "Runbook:Backups:GzipLevel", "0", "Runbook:Backups:GzipLevel must be between 1 and 9 (got 0)." },
        { "Runbook:Backups:RestoreConnections", "17", "Runbook:Backups:RestoreConnections must be between 1 and 16 (got 17)." },
        { "Runbook:Backups:Container", "Backups_1", "Runbook:Backups:Container 'Backups_1' is not a valid container name" },
        { "Runbook:Storage:Timeout", "5", "Runbook:Storage:Timeout '5' is not a duration" },
        { "Runbook:Queues:ConnectTimeout", "60", "Runbook:Queues:ConnectTimeout '60' is not a duration" },
        { "Runbook:Promotions:LockTimeout", "00:05:00", "Runbook:Promotions:LockTimeout 00:05:00 is out of range: use a duration from 00:00:00.1000000 to 00:01:00." },
        { "Runbook:Targets:0:Promotions:Table", "promotions", "Runbook:Targets:0:Promotions: set ActiveColumn, EndsAtColumn or both" },
        { "Runbook:KeyVault:SecretCacheDuration", "00:99:00", "Runbook:KeyVault:SecretCacheDuration '00:99:00' is not a duration" },
        // Enum.TryParse accepts numbers and flag lists.
        { "Runbook:Targets:0:Provider", "1", "Runbook:Targets:0:Provider '1' is not supported: use PostgreSql or MySql" },
        { "Runbook:Targets:0:Provider", "PostgreSql,MySql", "Runbook:Targets:0:Provider 'PostgreSql,MySql' is not supported" },
        // A ';' inside an unquoted password makes the rest a keyword: refused without echoing any of it.
        { "Runbook:Targets:0:ConnectionString", "Host=db;Password=Ab;X=y", "Runbook:Targets:0:ConnectionString is not a valid PostgreSql connection string" },
        { "Runbook:Targets:0:ConnectionString", "Host=db;Port=fivefourthreetwo", "Runbook:Targets:0:ConnectionString is not a valid PostgreSql connection string" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_configuration_is_refused_naming_the_key(string key, string? value, string expected)
    {
        var settings = Valid();
        if (value is null)
        {
            foreach (var existing in settings.Keys.Where(k => k.StartsWith("Runbook:Targets:0", StringComparison.Ordinal)).ToList())
            {
                settings.Remove(existing);
            }
        }
        else
        {
            settings[key] = value;
        }

        var failures = Failures(settings);

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=db;Password=Ab;X=y", "Ab", "X=y")]
    [InlineData("Server=db;Password=Zq9;Port=notaport", "Zq9", "notaport")]
    public void A_bad_connection_string_is_never_echoed(string connectionString, string secretPart, string otherPart)
    {
        var settings = Valid();
        settings["Runbook:Targets:0:Provider"] = connectionString.StartsWith("Server", StringComparison.Ordinal) ? "MySql" : "PostgreSql";
        settings["Runbook:Targets:0:ConnectionString"] = connectionString;

        var failures = Failures(settings);

        var failure = Assert.Single(failures);
        Assert.Contains("is not a valid", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(otherPart, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:10", 10)]
    [InlineData("0:00:10", 10)]
    [InlineData("00:00:00.250", 0.25)]
    [InlineData("1.00:00:00", 86400)]
    public void The_documented_duration_forms_are_accepted(string text, double seconds)
    {
        Assert.True(Runbook.Configuration.DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public void An_empty_target_list_in_json_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"runbook-empty-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Runbook": { "Targets": [] } }""");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
            var settings = configuration.AsEnumerable().ToDictionary(p => p.Key, p => p.Value);

            Assert.Contains(Failures(settings), f => f.StartsWith("Runbook:Targets is empty", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_provider_without_a_capabilitys_provider_service_is_refused_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Valid()).Build();
        var collection = new ServiceCollection().AddRunbookCore(configuration);
        collection.Remove(collection.Single(d => d.ServiceType == typeof(Runbook.Health.IServerHealthProbe) && Equals(d.ServiceKey, Runbook.Targets.DatabaseProvider.PostgreSql)));
        using var services = collection.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Runbook:Targets:0:Provider 'PostgreSql' is not supported by the health check: no IServerHealthProbe is registered for it.", e.Failures);
    }
}
