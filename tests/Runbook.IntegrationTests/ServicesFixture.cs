using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Testing;

namespace Runbook.IntegrationTests;

/// <summary>
/// Starts PostgreSQL, MariaDB and Azurite once for the whole assembly and seeds the sample shop on both engines.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public MariaDbServer MariaDb { get; private set; } = null!;

    public AzuriteServer Azurite { get; private set; } = null!;

    /// <summary>The seeded shop on PostgreSQL, with pg_stat_statements created.</summary>
    public string PostgresShop { get; private set; } = string.Empty;

    /// <summary>The seeded shop on MariaDB.</summary>
    public string MariaDbShop { get; private set; } = string.Empty;

    /// <summary>A connection string to a port nothing listens on.</summary>
    public static string DownPostgres => $"Host=127.0.0.1;Port={LocalProcess.FreePort()};Username=postgres;Database=shop;Timeout=3";

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var mariaDb = MariaDbServer.StartAsync();
        var azurite = AzuriteServer.StartAsync();
        Postgres = await postgres;
        MariaDb = await mariaDb;
        Azurite = await azurite;

        PostgresShop = await Postgres.CreateDatabaseAsync("shop");
        await PostgresServer.ExecuteAsync(PostgresShop, "CREATE EXTENSION pg_stat_statements;\n" + SampleShop.PostgreSql);
        MariaDbShop = await MariaDb.CreateDatabaseAsync("shop");
        await MariaDbServer.ExecuteAsync(MariaDbShop, SampleShop.MySql);
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        await MariaDb.DisposeAsync();
        await Azurite.DisposeAsync();
    }

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

    /// <summary>Services as the hosts build them, over the given settings plus report storage in Azurite.</summary>
    public ServiceProvider BuildServices(params Dictionary<string, string?>[] settings) => BuildServices(_ => { }, settings);

    /// <summary>As <see cref="BuildServices(Dictionary{string, string?}[])"/>, with services registered before Runbook's own.</summary>
    public ServiceProvider BuildServices(Action<IServiceCollection> before, params Dictionary<string, string?>[] settings)
    {
        var all = new Dictionary<string, string?> { ["Runbook:Storage:ConnectionString"] = Azurite.ConnectionString };
        foreach (var pair in settings.SelectMany(s => s))
        {
            all[pair.Key] = pair.Value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        before(services);
        return services.AddRunbookCore(configuration).BuildServiceProvider(validateScopes: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<ServicesFixture>
{
    public const string Name = "services";
}
