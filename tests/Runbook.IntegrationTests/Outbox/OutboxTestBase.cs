using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>What the outbox test classes share: a migrated outbox on a fresh shop, on a clock the test moves, and the sink.</summary>
public abstract class OutboxTestBase(ShopFixture services, SmtpSinkFixture sinks)
{
    protected ShopFixture Services => services;

    protected SmtpSink Sink => sinks.Sink;

    protected static string Unique(string local = "ann") => $"{local}.{Guid.NewGuid():N}"[..(local.Length + 13)] + "@example.test";

    /// <summary>A migrated outbox on a fresh shop, services on a clock a test moves, sending to <paramref name="smtpPort"/>.</summary>
    protected async Task<(string Shop, ServiceProvider Services, SteppedClock Clock)> OutboxAsync(string provider, int? smtpPort = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var shop = await Services.Servers.CreateShopAsync(provider);
        var settings = OutboxDatabase.Settings(provider, shop, smtpPort ?? Sink.Port);
        settings["Runbook:Outbox:RetryJitterPercent"] = "0";
        settings["Runbook:Smtp:SendTimeout"] = "00:00:02";
        configure?.Invoke(settings);

        // The rows' default times come from the server's clock: "now" starts after it, far enough that rows written
        // while a loaded machine is slow are still due.
        var clock = new SteppedClock(DateTimeOffset.UtcNow.AddSeconds(20));
        var sp = Services.BuildServices(s => s.AddSingleton<TimeProvider>(clock), settings);
        await sp.GetRequiredService<OutboxMigrator>().MigrateAsync("shop");
        return (shop, sp, clock);
    }

    protected static async Task<OutboxRunResult> ProcessAsync(ServiceProvider sp, bool includeFailed = false, int? limit = null) =>
        Assert.Single(await sp.GetRequiredService<OutboxProcessor>().ProcessAsync("shop", limit, includeFailed));

    protected static DateTime Utc(object? value) => DateTime.SpecifyKind((DateTime)value!, DateTimeKind.Utc);

    protected static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
