using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Testing;

namespace Runbook.IntegrationTests;

/// <summary>
/// One test class's own copy of the sample shop on PostgreSQL and MariaDB, and its own reports container, on the
/// servers shared by the test process. Services built here use a clock pinned to the moment the shop was seeded, so
/// the seeded figures hold however long after seeding the class runs.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public SharedServers Servers { get; private set; } = null!;

    public PostgresServer Postgres => Servers.Postgres;

    public MariaDbServer MariaDb => Servers.MariaDb;

    public AzuriteServer Azurite => Servers.Azurite;

    /// <summary>This class's shop on PostgreSQL, with pg_stat_statements created.</summary>
    public string PostgresShop { get; private set; } = string.Empty;

    /// <summary>This class's shop on MariaDB.</summary>
    public string MariaDbShop { get; private set; } = string.Empty;

    /// <summary>This class's reports container.</summary>
    public string ReportsContainer { get; } = "reports-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>This class's audit container.</summary>
    public string AuditContainer { get; } = "audit-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>This class's control container (the timer switches).</summary>
    public string ControlContainer { get; } = "control-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>"Now" as of the seeding: the clock every job in this class runs on.</summary>
    public TimeProvider Clock => new PinnedClock(Servers.SeededAt);

    /// <summary>A connection string to a port nothing listens on.</summary>
    public static string DownPostgres => $"Host=127.0.0.1;Port={LocalProcess.FreePort()};Username=postgres;Database=shop;Timeout=3";

    public async Task InitializeAsync()
    {
        Servers = await SharedServers.GetAsync();
        PostgresShop = await Servers.CreatePostgresShopAsync();
        MariaDbShop = await Servers.CreateMariaDbShopAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The configuration keys of one target watching the shop's app tables.</summary>
    public static Dictionary<string, string?> ShopTarget(int index, string name, string provider, string connectionString, string logTable = "error_log")
    {
        var key = $"Runbook:Targets:{index}";
        return new Dictionary<string, string?>
        {
            [$"{key}:Name"] = name,
            [$"{key}:Provider"] = provider,
            [$"{key}:ConnectionString"] = connectionString,
            [$"{key}:ErrorLog:Table"] = logTable,
            [$"{key}:Queues:0:Table"] = "email_outbox",
            [$"{key}:Queues:1:Table"] = "sync_queue",
        };
    }

    /// <summary>The given settings over report storage in this class's container.</summary>
    public Dictionary<string, string?> Settings(params Dictionary<string, string?>[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Runbook:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Runbook:Storage:ReportsContainer"] = ReportsContainer,
            ["Runbook:Tasks:ControlContainer"] = ControlContainer,
            ["Runbook:Audit:Container"] = AuditContainer,
        };
        foreach (var pair in settings.SelectMany(s => s))
        {
            all[pair.Key] = pair.Value;
        }

        return all;
    }

    /// <summary>Services as the hosts build them, over the given settings plus report storage in Azurite.</summary>
    public ServiceProvider BuildServices(params Dictionary<string, string?>[] settings) => BuildServices(_ => { }, settings);

    /// <summary>As <see cref="BuildServices(Dictionary{string, string?}[])"/>, with services registered before Runbook's own.</summary>
    public ServiceProvider BuildServices(Action<IServiceCollection> before, params Dictionary<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build();
        var services = new ServiceCollection();
        services.AddSingleton(Clock);
        before(services);
        return services.AddRunbookCore(configuration).BuildServiceProvider(validateScopes: true);
    }
}
