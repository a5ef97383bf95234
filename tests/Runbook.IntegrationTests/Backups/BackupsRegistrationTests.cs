using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runbook.Backups;
using Runbook.Targets;

namespace Runbook.IntegrationTests.Backups;

public sealed class BackupsRegistrationTests
{
    [Fact]
    public void The_core_registers_a_dumper_for_each_provider()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runbook:Targets:0:Name"] = "pg",
            ["Runbook:Targets:0:Provider"] = "PostgreSql",
            ["Runbook:Targets:0:ConnectionString"] = "Host=127.0.0.1;Database=shop;Username=postgres",
            ["Runbook:Targets:1:Name"] = "my",
            ["Runbook:Targets:1:Provider"] = "MySql",
            ["Runbook:Targets:1:ConnectionString"] = "Server=127.0.0.1;Database=shop;User ID=root",
        }).Build();
        using var services = new ServiceCollection().AddRunbookCore(configuration).BuildServiceProvider();

        Assert.IsType<PostgreSqlDumper>(services.GetRequiredKeyedService<IDatabaseDumper>(DatabaseProvider.PostgreSql));
        Assert.IsType<MySqlDumper>(services.GetRequiredKeyedService<IDatabaseDumper>(DatabaseProvider.MySql));
        Assert.Equal(2, services.GetRequiredService<IOptions<RunbookOptions>>().Value.Targets.Count);
    }
}
