using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Cli;
using Runbook.Http.Hosting;
using Runbook.Http.Routing;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Serve;

/// <summary><c>runbook serve</c> over real HTTP on loopback: the route table, the key check, the handlers, the audit.</summary>
public sealed class ServeTests(ShopFixture services) : IClassFixture<ShopFixture>, IAsyncLifetime
{
    private const string FunctionKey = "function-key-0123456789abcdef";
    private const string MasterKey = "master-key-0123456789abcdef";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private Dictionary<string, string?> Settings()
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop));
        settings["Runbook:Serve:FunctionKeys:0"] = FunctionKey;
        settings["Runbook:Serve:MasterKey"] = MasterKey;
        return settings;
    }

    public async Task InitializeAsync()
    {
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        _app = RunbookServer.Build(configuration, url, services: s => s.AddSingleton(services.Clock));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key = FunctionKey, string? actor = null, string? body = null) =>
        OperatorApi.Request(method, path, key, actor, body);

    [Fact]
    public async Task The_api_answers_over_http_and_a_change_leaves_its_audit_record()
    {
        using var health = await _http.SendAsync(Request(HttpMethod.Post, "/api/health-check"));
        using var disable = await _http.SendAsync(Request(HttpMethod.Post, "/api/tasks/health-check/disable", actor: "jane", body: """{ "reason": "over http" }"""));
        using var list = await _http.SendAsync(Request(HttpMethod.Get, "/api/tasks?code=" + FunctionKey, key: null));
        using var enable = await _http.SendAsync(Request(HttpMethod.Post, "/api/tasks/enable-all", key: MasterKey, actor: "joe"));
        using var audit = await _http.SendAsync(Request(HttpMethod.Get, "/api/audit?since=1h&operation=tasks.disable"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Warning", JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("severity").GetString());
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Contains("\"enabled\": false", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        // Other tests of this class add refused records to the same trail: this one's change is the one that succeeded.
        var record = Assert.Single(JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray(), r => r.GetProperty("outcome").GetString() == "succeeded");
        Assert.Equal(("jane", "http", "succeeded", "over http"), (record.GetProperty("actor").GetString(), record.GetProperty("channel").GetString(), record.GetProperty("outcome").GetString(), record.GetProperty("parameters").GetProperty("reason").GetString()));
    }

    public static TheoryData<string, string, string?, int, string> Refusals => new()
    {
        { "GET", "/api/tasks", null, 401, "A key is required" },
        { "GET", "/api/tasks", "not-the-key-0123456789", 401, "The key is not valid" },
        { "GET", "/api/tasks?code=nope", null, 401, "The key is not valid" },
        { "POST", "/api/tasks/health-check/disable", FunctionKey, 400, "X-Runbook-Actor" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Requests_without_a_valid_key_or_actor_are_refused_with_problem_details(string method, string path, string? key, int status, string detail)
    {
        using var response = await _http.SendAsync(Request(new HttpMethod(method), path, key, body: method == "POST" ? """{ "reason": "x" }""" : null));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string?, int> TaskBadInputs => new()
    {
        { "/api/tasks/health-check%27%3B%20DROP%20TABLE%20x%3B--/disable", """{ "reason": "x" }""", "jane", 400 },
        { "/api/tasks/..%2F..%2Fcontrol/disable", """{ "reason": "x" }""", "jane", 400 },
        { "/api/tasks/nope/disable", """{ "reason": "x" }""", "jane", 404 },
        { "/api/tasks/health-check/disable", """{ "reason": "x'; DROP TABLE x;--", "until": "../../etc" }""", "jane", 400 },
        { "/api/tasks/health-check/disable", """{ "reason": ["x"] }""", "jane", 400 },
        { "/api/tasks/health-check/disable", """{ "reason": "x", "until": "1999-01-01T00:00:00Z" }""", "jane", 400 },
        { "/api/tasks/health-check/disable", """not json""", "jane", 400 },
        { "/api/tasks/health-check/disable", """{ "reason": "x" }""", null, 400 },
        { "/api/tasks/disable-all", """{}""", "jane", 400 },
    };

    [Theory]
    [MemberData(nameof(TaskBadInputs))]
    public async Task Bad_switch_requests_over_http_get_a_problem_and_leave_the_control_blob_unchanged(string path, string? body, string? actor, int status)
    {
        var blob = services.Azurite.CreateClient().GetBlobContainerClient(services.ControlContainer).GetBlobClient("task-switches.json");
        async Task<string?> StoredAsync() => await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToString() : null;
        var before = await StoredAsync();

        using var response = await _http.SendAsync(Request(HttpMethod.Post, path, actor: actor, body: body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_an_unknown_route_404_over_http()
    {
        using var large = await _http.SendAsync(Request(HttpMethod.Post, "/api/tasks/health-check/disable", actor: "jane", body: "{ \"reason\": \"" + new string('x', 20000) + "\" }"));
        using var unknown = await _http.SendAsync(Request(HttpMethod.Get, "/api/nothing-here"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public void A_function_key_does_not_open_an_admin_route()
    {
        var options = new ServeOptions { FunctionKeys = [FunctionKey], MasterKey = MasterKey };
        var request = new DefaultHttpContext().Request;
        request.Headers[FunctionKeys.Header] = FunctionKey;

        Assert.Equal("This route needs the master key; a function key does not open it.", FunctionKeys.Refusal(request, KeyLevel.Admin, options));
        Assert.Null(FunctionKeys.Refusal(request, KeyLevel.Function, options));
        request.Headers[FunctionKeys.Header] = MasterKey;
        Assert.Null(FunctionKeys.Refusal(request, KeyLevel.Admin, options));
    }

    [Theory]
    [InlineData(null, null, "Runbook:Serve:FunctionKeys or Runbook:Serve:MasterKey is required")]
    [InlineData("short", null, "Runbook:Serve:FunctionKeys:0 is shorter than 16 characters (the key is not shown).")]
    [InlineData(MasterKey, "ftp://127.0.0.1", "--urls 'ftp://127.0.0.1' is not an http:// or https:// address")]
    public async Task Serve_refuses_to_start_without_keys_or_with_bad_ones(string? key, string? urls, string expected)
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "MySql", services.MariaDbShop));
        if (key is not null)
        {
            settings["Runbook:Serve:FunctionKeys:0"] = key;
        }

        string[] args = urls is null ? ["serve"] : ["serve", "--urls", urls];

        var (code, _, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, args);

        Assert.Equal(urls is null ? ExitCodes.Configuration : ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("short\n", error, StringComparison.Ordinal);
    }
}
