using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Cli;
using Runbook.Http;
using Runbook.Http.Audit;
using Runbook.Http.Routing;
using Runbook.Http.Tasks;
using Runbook.Operations;
using Runbook.Scheduling;
using Runbook.Tasks;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Audit;

/// <summary>The audit trail on real Azurite: what each channel records, reading it back, and the hash chain.</summary>
public sealed class AuditTrailTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private ServiceProvider Build(string container)
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Audit:Container"] = container;
        settings["Runbook:Tasks:ControlContainer"] = container.Replace("audit", "control", StringComparison.Ordinal);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton(services.Clock).AddRunbookCore(configuration).AddRunbookHttp().BuildServiceProvider();
    }

    private static string NewContainer() => "audit-" + Guid.NewGuid().ToString("N")[..12];

    private static HttpRequest Post(string path, string body, string? actor, string? principal = null)
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-" + Guid.NewGuid().ToString("N")[..8] };
        context.Request.Method = "POST";
        context.Request.Path = path;
        if (actor is not null)
        {
            context.Request.Headers[OperatorRequest.ActorHeader] = actor;
        }

        if (principal is not null)
        {
            context.Request.Headers[OperatorRequest.PrincipalHeader] = principal;
        }

        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    // A day of operations through every channel: HTTP (one refused), the CLI, and two timer ticks (one skipped).
    private async Task<(string HttpTrace, DateTimeOffset Day)> RecordADayAsync(ServiceProvider sp, string container)
    {
        var disable = Post("/api/tasks/health-check/disable", """{ "reason": "incident 4711" }""", "jane@example.com", "jane@contoso.com");
        var trace = disable.HttpContext.TraceIdentifier;
        await sp.GetRequiredService<TaskDisableHandler>().HandleAsync(disable);
        await sp.GetRequiredService<TaskDisableHandler>().HandleAsync(Post("/api/tasks/nope/disable", """{ "reason": "typo" }""", "jane@example.com"));
        await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.HealthCheck, isPastDue: true);
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Audit:Container"] = container;
        settings["Runbook:Tasks:ControlContainer"] = container.Replace("audit", "control", StringComparison.Ordinal);
        var (code, _, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "tasks", "enable", "health-check", "--actor", "joe", "--reason", "over");
        Assert.True(code == ExitCodes.Normal, error);
        await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.HealthCheck, isPastDue: false);
        return (trace, services.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Every_mutating_call_and_every_timer_run_leaves_one_record_read_back_through_the_api_and_the_cli()
    {
        var container = NewContainer();
        await using var sp = Build(container);
        var (trace, now) = await RecordADayAsync(sp, container);

        var records = await sp.GetRequiredService<AuditTrail>().ReadAsync(now.AddHours(-1), now.AddHours(1));

        Assert.Equal(
            ["tasks.disable:succeeded", "tasks.disable:refused", "timer.health-check:skipped", "tasks.enable:succeeded", "timer.health-check:succeeded"],
            records.Select(r => $"{r.Operation}:{r.Outcome}"));
        var disabled = records[0];
        Assert.Equal(("jane@example.com", "jane@contoso.com", "http", "health-check", trace), (disabled.Actor, disabled.Principal, disabled.Channel, disabled.Target, disabled.RequestId));
        Assert.Equal("incident 4711", disabled.Parameters["reason"]);
        Assert.Equal(1, disabled.RowsChanged);
        Assert.StartsWith("No task is named 'nope'", records[1].Detail, StringComparison.Ordinal);
        Assert.Equal(("timer:health-check", "true"), (records[2].Actor, records[2].Parameters["isPastDue"]));
        Assert.Equal(("joe", "cli"), (records[3].Actor, records[3].Channel));
        Assert.Equal("Warning across 1 target(s)", records[4].Detail);
        Assert.All(records, r => Assert.True(r.DurationMilliseconds >= 0));

        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = "/api/audit";
        request.QueryString = new QueryString("?since=2h&operation=tasks.disable&target=health-check");
        var listed = Assert.IsType<JsonResult>(await sp.GetRequiredService<AuditListHandler>().HandleAsync(request));
        Assert.Single((IReadOnlyList<AuditRecord>)listed.Value!);

        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Audit:Container"] = container;
        var (code, json, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "audit", "--since", "2h", "--operation", "timer.health-check", "--json");
        Assert.Equal(ExitCodes.Normal, code);
        Assert.Equal(2, JsonDocument.Parse(json).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("alter")]
    [InlineData("remove")]
    public async Task Verify_passes_on_a_real_day_and_fails_naming_the_record_when_one_is_altered_or_removed(string tamper)
    {
        var container = NewContainer();
        await using var sp = Build(container);
        var (_, now) = await RecordADayAsync(sp, container);
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Audit:Container"] = container;

        var (intactCode, intactOutput, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "audit", "verify", "--since", "1d");

        var blob = services.Azurite.CreateClient().GetBlobContainerClient(container).GetAppendBlobClient(AuditTrail.BlobName(now));
        var lines = (await blob.DownloadContentAsync()).Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tamper == "alter")
        {
            lines[1] = lines[1].Replace("typo", "tipo", StringComparison.Ordinal);
        }
        else
        {
            lines.RemoveAt(1);
        }

        await blob.DeleteAsync();
        await blob.CreateAsync();
        await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")));
        var (brokenCode, _, brokenError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "audit", "verify", "--since", "1d");

        Assert.Equal(ExitCodes.Normal, intactCode);
        Assert.Equal("audit chain intact: 5 record(s) in 1 day(s).", intactOutput.Trim());
        Assert.Equal(ExitCodes.Critical, brokenCode);
        Assert.Contains($"audit chain broken: {AuditTrail.BlobName(now)} record {(tamper == "alter" ? 3 : 2)} (", brokenError, StringComparison.Ordinal);
        Assert.Contains($"does not follow record {(tamper == "alter" ? 2 : 1)}", brokenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_appended_at_once_by_several_processes_stay_one_chain()
    {
        var container = NewContainer();
        var providers = Enumerable.Range(0, 6).Select(_ => Build(container)).ToList();
        try
        {
            var now = services.Clock.GetUtcNow();
            await Task.WhenAll(providers.SelectMany((sp, p) => Enumerable.Range(0, 4).Select(i => sp.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord
            {
                Time = now, Actor = $"op{p}", Channel = "test", Operation = "test.append", Outcome = "succeeded", RequestId = $"{p}-{i}",
            }))));

            var trail = providers[0].GetRequiredService<AuditTrail>();
            var verification = await trail.VerifyAsync(now, now);

            Assert.True(verification.Intact, verification.Problem);
            Assert.Equal(24, verification.Records);
            Assert.Equal(24, (await trail.ReadAsync(now.AddMinutes(-1), now.AddMinutes(1))).Select(r => r.RequestId).Distinct().Count());
        }
        finally
        {
            foreach (var sp in providers)
            {
                await sp.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("?since=yesterday", "'since' must be an ISO 8601 time")]
    [InlineData("?since=1h&until=2h", "'until' is before 'since'")]
    [InlineData("?since=400d", "at most 92 days")]
    [InlineData("?operation=tasks.disable';--", "'operation' may hold only")]
    [InlineData("?target=../../etc/passwd%00", "'target' may hold only")]
    [InlineData("?sinse=2h", "Unknown query parameter 'sinse'")]
    [InlineData("?since=2h&since=3h", "Give 'since' at most once")]
    public async Task Bad_audit_queries_get_a_400(string query, string detail)
    {
        await using var sp = Build(NewContainer());
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = "/api/audit";
        request.QueryString = new QueryString(query);

        var result = Assert.IsType<ObjectResult>(await sp.GetRequiredService<AuditListHandler>().HandleAsync(request));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(detail, Assert.IsType<ProblemDetails>(result.Value).Detail, StringComparison.Ordinal);
    }
}
