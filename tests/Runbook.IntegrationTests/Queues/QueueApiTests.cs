using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Cli;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Queues;

/// <summary>The queue endpoints over real HTTP (<c>runbook serve</c>) on both engines, and the CLI mirrors.</summary>
public sealed class QueueApiTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private const string Key = "queue-test-key-0123456789";

    private Dictionary<string, string?> Settings(string provider, string shop)
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", provider, shop));
        settings["Runbook:Targets:0:Queues:1:RetryCountColumn"] = "retry_count";
        settings["Runbook:Targets:0:Queues:1:LastErrorColumn"] = "last_error";
        settings["Runbook:Serve:FunctionKeys:0"] = Key;
        return settings;
    }

    private async Task<(WebApplication App, HttpClient Http)> ServeAsync(Dictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        var app = RunbookServer.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), url, services: s => s.AddSingleton(services.Clock));
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(url) });
    }

    private static Task<(int Status, JsonElement Body)> SendAsync(HttpClient http, string method, string path, string? body = null, string? actor = "jane", string? key = Key) =>
        OperatorApi.SendAsync(http, key, method, path, body, actor);

    // The queue table's whole content, to prove a refused request changed nothing.
    private static async Task<string> ContentAsync(string provider, string shop)
    {
        const string Sql = "SELECT id, status, retry_count, COALESCE(last_error, '') FROM sync_queue ORDER BY id";
        await using DbConnection connection = provider == "PostgreSql" ? new NpgsqlConnection(shop) : new MySqlConnection(shop);
        await connection.OpenAsync();
        var rows = await connection.ListAsync(Sql, TimeSpan.FromSeconds(10), r => $"{r.GetValue(0)}|{r.GetString(1)}|{r.GetValue(2)}|{r.GetString(3)}", CancellationToken.None);
        return string.Join('\n', rows);
    }

    private async Task<string> FreshShopAsync(string provider) =>
        provider == "PostgreSql" ? await services.Servers.CreatePostgresShopAsync() : await services.Servers.CreateMariaDbShopAsync();

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Every_queue_endpoint_works_over_http_and_each_change_is_audited(string provider)
    {
        var shop = await FreshShopAsync(provider);
        var settings = Settings(provider, shop);
        settings["Runbook:Audit:Container"] = "audit-" + Guid.NewGuid().ToString("N")[..12];
        var (app, http) = await ServeAsync(settings);
        await using var _ = app;
        using var __ = http;

        var list = await SendAsync(http, "GET", "/api/queues", actor: null);
        var items = await SendAsync(http, "GET", "/api/queues/shop/sync_queue/items?status=failed&limit=5", actor: null);
        var id = items.Body[0].GetProperty("id").GetString();
        var one = await SendAsync(http, "POST", $"/api/queues/shop/sync_queue/items/{id}/requeue");
        var rest = await SendAsync(http, "POST", "/api/queues/shop/sync_queue/requeue-failed", "{}");
        var cleared = await SendAsync(http, "POST", "/api/queues/shop/sync_queue/clear-queued", """{ "confirm": true, "maxRows": 10 }""");
        var none = await SendAsync(http, "POST", "/api/queues/shop/email_outbox/clear-failed", """{ "confirm": true }""");
        var audit = await SendAsync(http, "GET", "/api/audit?since=1h&target=shop/sync_queue", actor: null);

        Assert.Equal(200, list.Status);
        var sync = list.Body.EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "sync_queue");
        Assert.Equal(2, sync.GetProperty("health").GetProperty("stuckCount").GetInt32());
        Assert.Equal((200, 2), (items.Status, items.Body.GetArrayLength()));
        Assert.Equal((200, 1), (one.Status, one.Body.GetProperty("rows").GetInt32()));
        Assert.Equal((200, 1), (rest.Status, rest.Body.GetProperty("rows").GetInt32()));
        Assert.Equal((200, 7), (cleared.Status, cleared.Body.GetProperty("rows").GetInt32()));
        Assert.Equal((200, 3), (none.Status, none.Body.GetProperty("rows").GetInt32()));
        Assert.Equal(
            ["queues.requeue:succeeded:1", "queues.requeue-failed:succeeded:1", "queues.clear-queued:succeeded:7"],
            audit.Body.EnumerateArray().Select(r => $"{r.GetProperty("operation").GetString()}:{r.GetProperty("outcome").GetString()}:{r.GetProperty("rowsChanged").GetInt32()}"));
        Assert.Equal("100", string.Join(',', (await ContentAsync(provider, shop)).Split('\n').GroupBy(l => l.Split('|')[1]).Select(g => g.Count())));
    }

    public static TheoryData<string, string, string, string?, string?, int> BadInputs()
    {
        var data = new TheoryData<string, string, string, string?, string?, int>();
        foreach (var provider in new[] { "PostgreSql", "MySql" })
        {
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/requeue-failed", "{}", null, 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/clear-failed", "{}", "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/clear-queued", """{ "confirm": true, "maxRows": 3 }""", "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/clear-failed", """{ "confirm": "yes" }""", "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/clear-failed", """{ "confirm": true, "drop": 1 }""", "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/clear-failed", "{ \"confirm\": true, \"x\": \"" + new string('x', 20000) + "\" }", "jane", 413);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/items/1%3B%20DROP%20TABLE%20sync_queue/requeue", null, "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/items/..%2F..%2Fetc/requeue", null, "jane", 400);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue/items/999999/requeue", null, "jane", 404);
            data.Add(provider, "POST", "/api/queues/shop/sync_queue';--/requeue-failed", null, "jane", 404);
            data.Add(provider, "POST", "/api/queues/..%2F..%2Fshop/sync_queue/requeue-failed", null, "jane", 404);
            data.Add(provider, "GET", "/api/queues/shop/sync_queue/items?status=failed'%20OR%20'1'='1", null, null, 400);
            data.Add(provider, "GET", "/api/queues/shop/sync_queue/items?limit=100000", null, null, 400);
            data.Add(provider, "GET", "/api/queues/shop/sync_queue/items?limit=1;DROP", null, null, 400);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_inputs_get_a_4xx_problem_and_leave_the_database_unchanged(string provider, string method, string path, string? body, string? actor, int status)
    {
        var shop = provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;
        var (app, http) = await ServeAsync(Settings(provider, shop));
        await using var _ = app;
        using var __ = http;
        var before = await ContentAsync(provider, shop);

        var (code, problem) = await SendAsync(http, method, path, body, actor);

        Assert.Equal(status, code);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await ContentAsync(provider, shop));
    }

    [Fact]
    public async Task A_database_that_is_down_is_a_503_with_retry_after()
    {
        var settings = Settings("PostgreSql", ShopFixture.DownPostgres);
        var (app, http) = await ServeAsync(settings);
        await using var _ = app;
        using var __ = http;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/queues/shop/sync_queue/requeue-failed");
        request.Headers.Add(FunctionKeys.Header, Key);
        request.Headers.Add(OperatorRequest.ActorHeader, "jane");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_cli_clears_only_with_yes_when_there_is_no_terminal_to_ask()
    {
        var shop = await FreshShopAsync("MySql");
        var settings = Settings("MySql", shop);

        var (refusedCode, _, refusedError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "queue", "clear-failed", "shop", "sync_queue");
        var unchanged = await ContentAsync("MySql", shop);
        var (code, output, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "queue", "clear-failed", "shop", "sync_queue", "--yes", "--json");
        var (listCode, list, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "queue", "list");
        var (unknownCode, _, unknownError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "queue", "requeue", "shop", "sync_queue", "999999");

        Assert.Equal(ExitCodes.Usage, refusedCode);
        Assert.Contains("add --yes to confirm", refusedError, StringComparison.Ordinal);
        Assert.Contains("|failed|", unchanged, StringComparison.Ordinal);
        Assert.True(code == ExitCodes.Normal, error);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(ExitCodes.Normal, listCode);
        Assert.Contains("sync_queue", list, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, unknownCode);
        Assert.Contains("has no item 999999", unknownError, StringComparison.Ordinal);
    }
}
