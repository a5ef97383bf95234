namespace Runbook.Functions.Tests;

/// <summary>The layering of src/, held by project files and sources alike.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void Every_project_keeps_to_its_layer()
    {
        var problems = LayeringChecker.Check(LayeringChecker.ReadProjects(), LayeringChecker.AllProjectNames());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    public static TheoryData<string, string, string, string> Breaches => new()
    {
        { "Runbook.Core", "using Runbook.Targets;", "using Runbook.Http;\nusing Runbook.Targets;", "Runbook.Core must not depend on Runbook.Http (using Runbook.Http;)" },
        { "Runbook.Core", "using Runbook.Targets;", "using Microsoft.AspNetCore.Http;\nusing Runbook.Targets;", "Runbook.Core must not depend on Microsoft.AspNetCore (using Microsoft.AspNetCore.Http;)" },
        { "Runbook.Core", "namespace Runbook.Health;", "namespace Runbook.Health;\ninternal static class Leak { public static int Code => Runbook.Cli.ExitCodes.Failed; }", "Runbook.Core must not depend on Runbook.Cli (Runbook.Cli.ExitCodes.Failed)" },
        { "Runbook.Http", "using Runbook.Targets;", "using global::Runbook.Functions.Health;\nusing Runbook.Targets;", "Runbook.Http must not depend on Runbook.Functions" },
        { "Runbook.Cli", "using Runbook.Targets;", "using Runbook.Functions;\nusing Runbook.Targets;", "Runbook.Cli must not depend on Runbook.Functions (using Runbook.Functions;)" },
        { "Runbook.Functions", "using Runbook.Http.Health;", "using Runbook.Cli.Health;\nusing Runbook.Http.Health;", "Runbook.Functions must not depend on Runbook.Cli (using Runbook.Cli.Health;)" },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void A_using_or_qualified_name_across_layers_is_reported(string project, string original, string replacement, string expected)
    {
        var projects = LayeringChecker.ReadProjects().Select(p => p.Name != project ? p : p with
        {
            Sources = p.Sources.ToDictionary(s => s.Key, s => s.Value.Contains(original, StringComparison.Ordinal) && s.Key == p.Sources.Keys.First(k => p.Sources[k].Contains(original, StringComparison.Ordinal))
                ? s.Value.Replace(original, replacement, StringComparison.Ordinal)
                : s.Value),
        });

        var problems = LayeringChecker.Check(projects, LayeringChecker.AllProjectNames());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Runbook.Core", "<ProjectReference Include=\"..\\Runbook.Http\\Runbook.Http.csproj\" />", "Runbook.Core must not depend on Runbook.Http (ProjectReference")]
    [InlineData("Runbook.Core", "<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />", "Runbook.Core must not depend on Microsoft.AspNetCore (FrameworkReference Microsoft.AspNetCore.App)")]
    [InlineData("Runbook.Http", "<ProjectReference Include=\"..\\Runbook.Cli\\Runbook.Cli.csproj\" />", "Runbook.Http must not depend on Runbook.Cli")]
    [InlineData("Runbook.Cli", "<ProjectReference Include=\"..\\Runbook.Functions\\Runbook.Functions.csproj\" />", "Runbook.Cli must not depend on Runbook.Functions")]
    [InlineData("Runbook.Core", "<InternalsVisibleTo Include=\"Runbook.Core.Tests\" />", "InternalsVisibleTo names 'Runbook.Core.Tests', which is not a project of this repository")]
    public void A_reference_across_layers_or_to_a_missing_project_is_reported(string project, string element, string expected)
    {
        var projects = LayeringChecker.ReadProjects().Select(p => p.Name != project ? p : p with
        {
            ProjectXml = p.ProjectXml.Replace("</Project>", $"  <ItemGroup>{element}</ItemGroup>\n</Project>", StringComparison.Ordinal),
        });

        var problems = LayeringChecker.Check(projects, LayeringChecker.AllProjectNames());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
