using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary><c>POST /api/backups</c> and <c>GET /api/backups</c> over real HTTP (<c>runbook serve</c>), with a bad-input table that stores nothing.</summary>
public sealed class BackupApiTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private const string Key = "backup-test-key-0123456789";
    private readonly string _container = "backups-" + Guid.NewGuid().ToString("N")[..12];

    private Dictionary<string, string?> Settings()
    {
        var settings = services.Settings(
            ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop),
            ShopFixture.ShopTarget(1, "down", "PostgreSql", ShopFixture.DownPostgres));
        settings["Runbook:Backups:Container"] = _container;
        settings["Runbook:Serve:FunctionKeys:0"] = Key;
        return settings;
    }

    private async Task<List<(int Status, JsonElement Body)>> ServeAsync(params (string Method, string Path, string? Body, string? Actor)[] calls)
    {
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        await using var app = RunbookServer.Build(new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build(), url, services: s => s.AddSingleton(services.Clock));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var results = new List<(int, JsonElement)>();
        foreach (var (method, path, body, actor) in calls)
        {
            results.Add(await OperatorApi.SendAsync(http, Key, method, path, body, actor));
        }

        return results;
    }

    [Fact]
    public async Task A_backup_started_over_http_is_stored_verified_listed_and_audited()
    {
        var results = await ServeAsync(
            ("POST", "/api/backups", """{ "target": "shop", "compression": "Zstd" }""", "jane"),
            ("GET", "/api/backups?target=shop", null, null),
            ("GET", "/api/audit?since=1h&operation=backup.create", null, null));

        var (created, listed, audit) = (results[0], results[1], results[2]);
        Assert.Equal(200, created.Status);
        var location = created.Body[0].GetProperty("location").GetString()!;
        Assert.EndsWith(".sql.zst", location, StringComparison.Ordinal);
        Assert.True(created.Body[0].GetProperty("verification").GetProperty("passed").GetBoolean());
        Assert.Equal(200, listed.Status);
        var entry = Assert.Single(listed.Body.EnumerateArray());
        Assert.Equal((location, "yes", true), (entry.GetProperty("name").GetString(), entry.GetProperty("verified").GetString(), entry.GetProperty("pinned").GetBoolean()));
        var record = Assert.Single(audit.Body.EnumerateArray(), r => r.GetProperty("target").GetString() == "shop");
        Assert.Equal(("jane", "http", "succeeded", "shop"), (record.GetProperty("actor").GetString(), record.GetProperty("channel").GetString(), record.GetProperty("outcome").GetString(), record.GetProperty("target").GetString()));
    }

    public static TheoryData<string, string, string?, string?, int, string> BadRequests => new()
    {
        { "POST", "/api/backups", """{ "target": "shop" }""", null, 400, "X-Runbook-Actor" },
        { "POST", "/api/backups", """{ "target": "shop", "drop": true }""", "jane", 400, "drop" },
        { "POST", "/api/backups", """{ "target": "shop", "compression": "rar" }""", "jane", 400, "" },
        { "POST", "/api/backups", """{ "target": 7 }""", "jane", 400, "" },
        { "POST", "/api/backups", """{ "target": "shop", "compression": 1 }""", "jane", 400, "" },
        { "POST", "/api/backups", """{ "target": "shop'; DROP TABLE orders; --" }""", "jane", 404, "shop'; DROP TABLE orders; --" },
        { "POST", "/api/backups", "not json", "jane", 400, "" },
        { "POST", "/api/backups", """{ "target": "down" }""", "jane", 503, "could not be reached" },
        { "GET", "/api/backups?target=nope", null, null, 404, "nope" },
        { "GET", "/api/backups?targets=shop", null, null, 400, "Unknown query parameter 'targets'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_get_a_problem_and_store_nothing(string method, string path, string? body, string? actor, int status, string detail)
    {
        var (code, problem) = (await ServeAsync((method, path, body, actor)))[0];

        Assert.Equal(status, code);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _));
        var container = new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container);
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                Assert.Fail($"{blob.Name} was stored");
            }
        }
    }
}
