using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Cli;
using Runbook.Health;
using Runbook.Http;
using Runbook.Http.Routing;
using Runbook.Http.Tasks;
using Runbook.Operations;
using Runbook.Scheduling;
using Runbook.Tasks;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Tasks;

/// <summary>The timer switches on real Azurite: the switch blob, the one timer wrapper, races, the API and the CLI.</summary>
public sealed class TaskSwitchTests(ShopFixture services) : IClassFixture<ShopFixture>, IAsyncLifetime
{
    private readonly SteppedClock _clock = new(DateTimeOffset.UtcNow);

    public Task InitializeAsync() => services.Azurite.CreateClient().GetBlobContainerClient(services.ControlContainer).DeleteIfExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private BlobClient SwitchBlob => services.Azurite.CreateClient().GetBlobContainerClient(services.ControlContainer).GetBlobClient("task-switches.json");

    private ServiceProvider Build(Dictionary<string, string?>? extra = null)
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return services.BuildServices(s => s.AddSingleton<TimeProvider>(_clock), settings);
    }

    private static OperatorContext Who(string actor) => OperatorContext.Cli(actor);

    private async Task<string?> StoredSwitchesAsync() =>
        await SwitchBlob.ExistsAsync() ? (await SwitchBlob.DownloadContentAsync()).Value.Content.ToString() : null;

    [Fact]
    public async Task A_switched_off_timer_skips_and_says_who_and_why_and_runs_again_once_enabled()
    {
        var reports = "reports-" + Guid.NewGuid().ToString("N")[..12];
        await using var sp = Build(new() { ["Runbook:Storage:ReportsContainer"] = reports });
        var switches = sp.GetRequiredService<TaskSwitches>();
        var runner = sp.GetRequiredService<ScheduledJobRunner>();

        var off = await switches.DisableAsync("health-check", "incident 4711: failover", null, Who("jane@example.com"));
        var skipped = await runner.RunAsync(JobSchedules.HealthCheck, isPastDue: true);
        var reportsWhileOff = await ReportCountAsync(reports);
        var on = await switches.EnableAsync("health-check", "failover done", Who("joe@example.com"));
        var ran = await runner.RunAsync(JobSchedules.HealthCheck, isPastDue: false);

        Assert.True(off.Changed);
        Assert.True(off.Before.Enabled);
        Assert.False(off.After.Enabled);
        Assert.Equal(("jane@example.com", "incident 4711: failover"), (off.After.ChangedBy, off.After.Reason));
        Assert.False(skipped.Ran);
        Assert.True(skipped.IsPastDue);
        Assert.Equal("skipped: switched off by jane@example.com (incident 4711: failover); it stays off until someone enables it", skipped.Outcome);
        Assert.Equal(0, reportsWhileOff);
        Assert.True(on.Changed);
        Assert.True(ran.Ran);
        Assert.Equal("Warning across 1 target(s)", ran.Outcome);
        Assert.Equal(2, await ReportCountAsync(reports));
    }

    [Fact]
    public async Task A_switch_with_until_turns_itself_back_on()
    {
        await using var sp = Build();
        var switches = sp.GetRequiredService<TaskSwitches>();

        await switches.DisableAsync("health-check", "deploying", _clock.GetUtcNow().AddHours(1), Who("jane"));
        var during = (await switches.GetStatusAsync())[0];
        _clock.Advance(TimeSpan.FromMinutes(61));
        var after = (await switches.GetStatusAsync())[0];
        var run = await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.HealthCheck, isPastDue: false);

        Assert.False(during.Enabled);
        Assert.NotNull(during.Until);
        Assert.True(after.Enabled);
        Assert.True(after.ReenabledAutomatically);
        Assert.True(run.Ran);
    }

    public static TheoryData<string, string?, int, string> BadRequests => new()
    {
        { "health-check", null, 0, "A reason is required" },
        { "health-check", "x", -1, "\"until\" must be in the future" },
        { "health-check", "x", 24 * 30, "\"until\" must be in the future and at most 14.00:00:00 ahead" },
        { "nope", "x", 0, "No task is named 'nope'. Tasks: health-check, promotion-expiry, backup, email-outbox." },
        { "../control", "x", 0, "A task name is lower-case letters" },
        { "health-check'; DROP TABLE x;--", "x", 0, "A task name is lower-case letters" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_refused_switch_request_changes_nothing(string name, string? reason, int untilHours, string expected)
    {
        await using var sp = Build();
        var switches = sp.GetRequiredService<TaskSwitches>();
        await switches.DisableAsync("health-check", "before", null, Who("jane"));
        var before = await StoredSwitchesAsync();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => switches.DisableAsync(name, reason, untilHours == 0 ? null : _clock.GetUtcNow().AddHours(untilHours), Who("joe")));

        Assert.True(e is InvalidRequestException or NotFoundException, e.ToString());
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoredSwitchesAsync());
    }

    [Fact]
    public async Task Operators_flipping_the_same_switch_at_once_each_change_it_once_and_are_told_what_happened()
    {
        // Each operator has their own process (own store), so the ETag conditions are what keeps them apart.
        var providers = Enumerable.Range(0, 6).Select(_ => Build()).ToList();
        try
        {
            var changes = await Task.WhenAll(providers.Select((sp, i) => sp.GetRequiredService<TaskSwitches>().DisableAsync("health-check", $"operator {i}", null, Who($"op{i}"))));

            var winner = Assert.Single(changes, c => c.Changed);
            Assert.All(changes.Where(c => !c.Changed), c => Assert.Equal(winner.After.Reason, c.After.Reason));
            var stored = JsonDocument.Parse((await StoredSwitchesAsync())!).RootElement.GetProperty("health-check");
            Assert.Equal(winner.After.Reason, stored.GetProperty("reason").GetString());

            var flips = await Task.WhenAll(providers.Select((sp, i) => i % 2 == 0
                ? sp.GetRequiredService<TaskSwitches>().EnableAsync("health-check", null, Who($"op{i}"))
                : sp.GetRequiredService<TaskSwitches>().DisableAsync("health-check", $"again {i}", null, Who($"op{i}"))));
            var final = (await providers[0].GetRequiredService<TaskSwitches>().GetStatusAsync())[0];

            // Every reported change is a real transition from the state before it, and the last one is what is stored.
            Assert.All(flips.Where(f => f.Changed), f => Assert.NotEqual(f.Before.Enabled, f.After.Enabled));
            Assert.Contains(flips.Where(f => f.Changed), f => f.After.Enabled == final.Enabled && f.After.ChangedBy == final.ChangedBy);
        }
        finally
        {
            foreach (var sp in providers)
            {
                await sp.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_health_check_warns_about_a_timer_left_off_longer_than_the_threshold()
    {
        await using var sp = Build();
        await sp.GetRequiredService<TaskSwitches>().DisableAsync("health-check", "incident 4711", null, Who("jane"));
        var job = sp.GetRequiredService<HealthCheckJob>();

        _clock.Advance(TimeSpan.FromHours(2));
        var soon = (await job.RunAsync()).Targets[0].Findings.Single(f => f.Check == "task:health-check");
        _clock.Advance(TimeSpan.FromHours(23));
        var late = (await job.RunAsync()).Targets[0].Findings.Single(f => f.Check == "task:health-check");

        Assert.Equal(Severity.Normal, soon.Severity);
        Assert.Equal(Severity.Warning, late.Severity);
        Assert.Equal("Timer health-check has been switched off for 25 h 0 min by jane (incident 4711); nobody has switched it back on.", late.Message);
    }

    [Fact]
    public async Task A_switch_that_cannot_be_read_fails_the_tick_instead_of_running_a_job_that_may_be_off()
    {
        await using var sp = Build(new()
        {
            ["Runbook:Storage:ConnectionString"] = services.Azurite.ConnectionString.Replace($":{services.Azurite.Port}/", $":{LocalProcess.FreePort()}/", StringComparison.Ordinal),
            ["Runbook:Storage:Timeout"] = "00:00:02",
            ["Runbook:Storage:NetworkTimeout"] = "00:00:01",
        });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.HealthCheck, isPastDue: false));

        Assert.StartsWith("Timer health-check did not run: its switch could not be read", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, int, string> BadHttp => new()
    {
        { "tasks/health-check/disable", """{ "reason": "x" }""", null, 400, "X-Runbook-Actor header is required" },
        { "tasks/health-check/disable", """{ "reason": "x", "sudo": true }""", "jane", 400, "The body is not valid" },
        { "tasks/health-check/disable", """{ "reason": 42 }""", "jane", 400, "The body is not valid at $.reason" },
        { "tasks/health-check/disable", """{ "reason": "x", "until": "tomorrow" }""", "jane", 400, "The body is not valid at $.until" },
        { "tasks/health-check/disable", """{ "reason": "x" """, "jane", 400, "The body is not valid" },
        { "tasks/health-check/disable", "", "jane", 400, "A JSON body is required." },
        { "tasks/health-check/disable", "{ \"reason\": \"" + new string('x', 17000) + "\" }", "jane", 413, "at most 16384" },
        { "tasks/..%2F..%2Fetc/disable", """{ "reason": "x" }""", "jane", 400, "A task name is lower-case letters" },
        { "tasks/nope/disable", """{ "reason": "x" }""", "jane", 404, "No task is named 'nope'" },
        { "tasks/health-check/enable", """{ "until": "2030-01-01T00:00:00Z" }""", "jane", 400, "\"until\" applies to disable only." },
    };

    [Theory]
    [MemberData(nameof(BadHttp))]
    public async Task Bad_http_requests_get_problem_details_and_change_nothing(string route, string body, string? actor, int status, string detail)
    {
        await using var sp = BuildHttp();
        await sp.GetRequiredService<TaskSwitches>().DisableAsync("health-check", "before", null, Who("jane"));
        var before = await StoredSwitchesAsync();

        var result = await HandleAsync(sp, route, body, actor);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Contains(detail, Assert.IsType<ProblemDetails>(problem.Value).Detail, StringComparison.Ordinal);
        Assert.Equal(before, await StoredSwitchesAsync());
    }

    [Fact]
    public async Task The_http_api_lists_disables_and_enables()
    {
        await using var sp = BuildHttp();

        var until = _clock.GetUtcNow().AddHours(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var disabled = await HandleAsync(sp, "tasks/disable-all", $$"""{ "reason": "incident", "until": "{{until}}" }""", "jane");
        var listed = await HandleAsync(sp, "tasks", null, null);
        var enabled = await HandleAsync(sp, "tasks/health-check/enable", string.Empty, "joe");

        Assert.Contains("\"changed\": true", Json(disabled), StringComparison.Ordinal);
        Assert.Contains("\"enabled\": false", Json(listed), StringComparison.Ordinal);
        Assert.Contains("\"changedBy\": \"jane\"", Json(listed), StringComparison.Ordinal);
        var after = JsonDocument.Parse(Json(enabled)).RootElement.GetProperty("after");
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal("joe", after.GetProperty("changedBy").GetString());
    }

    [Fact]
    public async Task The_cli_switches_timers_and_refuses_bad_requests_with_the_foundations_exit_codes()
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));

        var (offCode, offJson, offError) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "disable", "health-check", "--reason", "incident 12", "--for", "02:00:00", "--actor", "jane", "--json");
        var (statusCode, statusTable, _) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "status");
        var (noReasonCode, _, noReasonError) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "disable", "health-check");
        var (unknownCode, _, unknownError) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "enable", "nope");
        var (badForCode, _, badForError) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "disable-all", "--reason", "x", "--for", "2h");
        var (onCode, onOutput, _) = await CliRunner.RunAsync(settings, _clock, CancellationToken.None, "tasks", "enable-all");

        Assert.True(offCode == ExitCodes.Normal, offError);
        Assert.Equal(_clock.GetUtcNow().AddHours(2), JsonDocument.Parse(offJson).RootElement.GetProperty("after").GetProperty("until").GetDateTimeOffset());
        Assert.Equal(ExitCodes.Normal, statusCode);
        Assert.Contains("incident 12", statusTable, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, noReasonCode);
        Assert.Contains("--reason", noReasonError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, unknownCode);
        Assert.Contains("No task is named 'nope'", unknownError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badForCode);
        Assert.Contains("--for '2h' is not a duration", badForError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Normal, onCode);
        Assert.Contains("health-check: off -> on", onOutput, StringComparison.Ordinal);
    }

    private ServiceProvider BuildHttp()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop))).Build();
        return new ServiceCollection().AddSingleton<TimeProvider>(_clock).AddRunbookCore(configuration).AddRunbookHttp().BuildServiceProvider();
    }

    private static async Task<IActionResult> HandleAsync(IServiceProvider sp, string route, string? body, string? actor)
    {
        var entry = RunbookRoutes.All.First(r => r.Match("/api/" + route) is not null);
        var context = new DefaultHttpContext();
        context.Request.Method = entry.Method;
        context.Request.Path = "/api/" + route;
        if (actor is not null)
        {
            context.Request.Headers[OperatorRequest.ActorHeader] = actor;
        }

        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return await ((IRunbookHandler)sp.GetRequiredService(entry.Handler)).HandleAsync(context.Request);
    }

    private static string Json(IActionResult result) =>
        JsonSerializer.Serialize(Assert.IsType<JsonResult>(result).Value, Runbook.Reports.ReportJson.Options);

    private async Task<int> ReportCountAsync(string name)
    {
        var container = services.Azurite.CreateClient().GetBlobContainerClient(name);
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}
