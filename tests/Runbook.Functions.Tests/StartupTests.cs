using System.Reflection;
using Microsoft.Extensions.Options;

namespace Runbook.Functions.Tests;

/// <summary>
/// Runs the app's real Program (compiled over the stand-in builder, which wraps the generic host as the worker's
/// does) with bad configuration: start-up must stop with a message naming the key, as it would in Azure.
/// </summary>
public sealed class StartupTests
{
    public static TheoryData<string[], string> BadConfigurations => new()
    {
        { ["--Runbook:Targets:0:Name=shop", "--Runbook:Targets:0:Provider=Oracle", "--Runbook:Targets:0:ConnectionString=Host=db"], "Runbook:Targets:0:Provider 'Oracle' is not supported" },
        { ["--Runbook:Targets:0:Name=shop", "--Runbook:Targets:0:Provider=MySql", "--Runbook:Targets:0:ConnectionString=Server=db", "--Runbook:Targets:0:ErrorLog:Table=logs; drop table x"], "Runbook:Targets:0:ErrorLog:Table: 'logs; drop table x' is not a valid SQL identifier" },
        { ["--Runbook:Targets:0:Name=shop", "--Runbook:Targets:0:Provider=PostgreSql"], "Runbook:Targets:0:ConnectionString is missing" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task Bad_configuration_stops_the_function_app_at_start_up_naming_the_key(string[] args, string expected)
    {
        var app = AppCompiler.Load(RepositoryPaths.FunctionsSources());

        var run = Task.Run(() => app.EntryPoint!.Invoke(null, [args]));
        var failure = await Assert.ThrowsAsync<TargetInvocationException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));

        var validation = Assert.IsType<OptionsValidationException>(failure.InnerException);
        Assert.Contains(validation.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
