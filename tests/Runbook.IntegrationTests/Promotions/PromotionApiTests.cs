using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Cli;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Promotions;

/// <summary>The promotion endpoints over real HTTP (<c>runbook serve</c>) on both engines, and the CLI mirrors.</summary>
public sealed class PromotionApiTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private const string Key = "promo-test-key-0123456789";

    private async Task<(string Shop, Dictionary<string, string?> Settings)> ShopAsync(string provider)
    {
        var shop = provider == "PostgreSql" ? await services.Servers.CreatePostgresShopAsync() : await services.Servers.CreateMariaDbShopAsync();
        await PromotionOperationsTests.SeedAsync(provider, shop, services.Clock.GetUtcNow().UtcDateTime);
        var settings = PromotionOperationsTests.WithPromotions(services.Settings(ShopFixture.ShopTarget(0, "shop", provider, shop)));
        settings["Runbook:Serve:FunctionKeys:0"] = Key;
        settings["Runbook:Audit:Container"] = "audit-" + Guid.NewGuid().ToString("N")[..12];
        return (shop, settings);
    }

    private async Task<T> ServeAsync<T>(Dictionary<string, string?> settings, Func<HttpClient, Task<T>> use)
    {
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        await using var app = RunbookServer.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), url, services: s => s.AddSingleton(services.Clock));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        return await use(http);
    }

    private static Task<(int Status, JsonElement Body)> SendAsync(HttpClient http, string method, string path, string? body = null, string? actor = "jane") =>
        OperatorApi.SendAsync(http, Key, method, path, body, actor);

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Promotions_are_listed_dry_run_and_forced_off_over_http_with_their_audit(string provider)
    {
        var (shop, settings) = await ShopAsync(provider);

        var results = await ServeAsync(settings, async http => new[]
        {
            await SendAsync(http, "GET", "/api/promotions/shop?active=true", actor: null),
            await SendAsync(http, "POST", "/api/promotions/shop/2/deactivate", """{ "reason": "sale ended", "dryRun": true }"""),
            await SendAsync(http, "POST", "/api/promotions/shop/2/deactivate", """{ "reason": "sale ended" }"""),
            await SendAsync(http, "POST", "/api/promotions/shop/2/deactivate", """{ "reason": "again" }"""),
            await SendAsync(http, "POST", "/api/promotions/shop/deactivate-active", """{ "reason": "incident 4711" }"""),
            await SendAsync(http, "GET", "/api/audit?since=1h&operation=promotions.deactivate", actor: null),
        });

        var (active, dry, done, again, all, audit) = (results[0], results[1], results[2], results[3], results[4], results[5]);
        Assert.Equal((200, 2), (active.Status, active.Body.GetArrayLength()));
        Assert.Equal((200, true, 1), (dry.Status, dry.Body.GetProperty("dryRun").GetBoolean(), dry.Body.GetProperty("changed").GetInt32()));
        var change = done.Body.GetProperty("promotions")[0];
        Assert.Equal((200, true, false), (done.Status, change.GetProperty("before").GetProperty("active").GetBoolean(), change.GetProperty("after").GetProperty("active").GetBoolean()));
        Assert.Equal((200, "promotion 2 is already inactive; nothing changed"), (again.Status, again.Body.GetProperty("detail").GetString()));
        Assert.Equal((200, 1), (all.Status, all.Body.GetProperty("changed").GetInt32()));
        var records = audit.Body.EnumerateArray().Select(r => (Outcome: r.GetProperty("outcome").GetString(), Detail: r.GetProperty("detail").GetString()!)).ToList();
        Assert.Equal(["unchanged", "succeeded", "unchanged"], records.Select(r => r.Outcome));
        Assert.StartsWith("dry run:", records[0].Detail, StringComparison.Ordinal);
        Assert.Equal("1:0:jane:incident 4711:1 2:0:jane:sale ended:1 3:0:-:-:0", await PromotionOperationsTests.RowsAsync(provider, shop));
    }

    public static TheoryData<string, string, string, string?, string?, int> BadInputs()
    {
        var data = new TheoryData<string, string, string, string?, string?, int>();
        foreach (var provider in new[] { "PostgreSql", "MySql" })
        {
            data.Add(provider, "POST", "/api/promotions/shop/1/deactivate", """{ "reason": "x" }""", null, 400);
            data.Add(provider, "POST", "/api/promotions/shop/1/deactivate", "{}", "jane", 400);
            data.Add(provider, "POST", "/api/promotions/shop/1/deactivate", """{ "reason": "x", "force": true }""", "jane", 400);
            data.Add(provider, "POST", "/api/promotions/shop/1/deactivate", """{ "reason": "x", "dryRun": "no" }""", "jane", 400);
            data.Add(provider, "POST", "/api/promotions/shop/1%20OR%201%3D1/deactivate", """{ "reason": "x" }""", "jane", 400);
            data.Add(provider, "POST", "/api/promotions/shop/..%2F..%2Fetc/deactivate", """{ "reason": "x" }""", "jane", 400);
            data.Add(provider, "POST", "/api/promotions/shop/999/deactivate", """{ "reason": "x" }""", "jane", 404);
            data.Add(provider, "POST", "/api/promotions/nope';--/deactivate-active", """{ "reason": "x" }""", "jane", 404);
            data.Add(provider, "GET", "/api/promotions/shop?active=maybe", null, null, 400);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_inputs_get_a_4xx_problem_and_leave_the_promotions_unchanged(string provider, string method, string path, string? body, string? actor, int status)
    {
        var (shop, settings) = await ShopAsync(provider);
        var before = await PromotionOperationsTests.RowsAsync(provider, shop);

        var (code, problem) = await ServeAsync(settings, http => SendAsync(http, method, path, body, actor));

        Assert.Equal(status, code);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await PromotionOperationsTests.RowsAsync(provider, shop));
    }

    [Fact]
    public async Task The_cli_asks_for_yes_without_a_terminal_and_a_dry_run_needs_none()
    {
        var (shop, settings) = await ShopAsync("MySql");

        var (refusedCode, _, refusedError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "promo", "deactivate", "shop", "2", "--reason", "stuck");
        var (dryCode, dryJson, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "promo", "deactivate-active", "shop", "--reason", "check", "--dry-run", "--json");
        var unchanged = await PromotionOperationsTests.RowsAsync("MySql", shop);
        var (code, output, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "promo", "deactivate", "shop", "2", "--reason", "stuck", "--yes", "--actor", "jane");
        var (listCode, list, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "promo", "list", "shop", "--active");

        Assert.Equal(ExitCodes.Usage, refusedCode);
        Assert.Contains("add --yes to confirm", refusedError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Normal, dryCode);
        Assert.Equal(2, JsonDocument.Parse(dryJson).RootElement.GetProperty("changed").GetInt32());
        Assert.Equal("1:1:-:-:0 2:1:-:-:0 3:0:-:-:0", unchanged);
        Assert.True(code == ExitCodes.Normal, error);
        Assert.Contains("1 promotion(s) switched off: Stuck summer sale", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Normal, listCode);
        Assert.Contains("Black Friday", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Stuck summer sale", list, StringComparison.Ordinal);
    }
}
