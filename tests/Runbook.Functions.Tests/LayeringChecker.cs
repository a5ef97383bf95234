using System.Xml.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Runbook.Functions.Tests;

/// <summary>One project under src/: its project file and its C# sources (path relative to the repository, and text).</summary>
public sealed record SourceProject(string Name, string ProjectPath, string ProjectXml, IReadOnlyDictionary<string, string> Sources);

/// <summary>
/// Holds the layering: Core depends on none of Http, Functions, Cli or ASP.NET Core; Http on neither Functions nor Cli;
/// Functions and Cli not on each other. Checked in project references, framework and package references, and in the
/// sources (<c>using</c> directives and fully qualified names). Every <c>InternalsVisibleTo</c> must name a project
/// that exists.
/// </summary>
public static class LayeringChecker
{
    /// <summary>What each project must not depend on (project names and namespace prefixes).</summary>
    public static IReadOnlyDictionary<string, string[]> Forbidden { get; } = new Dictionary<string, string[]>
    {
        ["Runbook.Core"] = ["Runbook.Http", "Runbook.Functions", "Runbook.Cli", "Microsoft.AspNetCore"],
        ["Runbook.Http"] = ["Runbook.Functions", "Runbook.Cli"],
        ["Runbook.Functions"] = ["Runbook.Cli"],
        ["Runbook.Cli"] = ["Runbook.Functions"],
    };

    /// <summary>The projects under src/ as they are on disk.</summary>
    public static IReadOnlyList<SourceProject> ReadProjects() =>
        [.. Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "src"))
            .Select(dir => new DirectoryInfo(dir).Name)
            .Where(name => File.Exists(Path.Combine(RepositoryPaths.Root, "src", name, name + ".csproj")))
            .OrderBy(name => name, StringComparer.Ordinal)
            .Select(name =>
            {
                var folder = Path.Combine(RepositoryPaths.Root, "src", name);
                var project = Path.Combine(folder, name + ".csproj");
                var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                    .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                             && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    .ToDictionary(p => Path.GetRelativePath(RepositoryPaths.Root, p), File.ReadAllText);
                return new SourceProject(name, Path.GetRelativePath(RepositoryPaths.Root, project), File.ReadAllText(project), sources);
            })];

    /// <summary>Every project name in the repository (src/ and tests/), for InternalsVisibleTo.</summary>
    public static IReadOnlySet<string> AllProjectNames() =>
        Directory.EnumerateFiles(RepositoryPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}.", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.Ordinal)!;

    /// <summary>Every breach, one line each, naming the file and what it depends on.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<SourceProject> projects, IReadOnlySet<string> existingProjects)
    {
        var problems = new List<string>();
        foreach (var project in projects)
        {
            var forbidden = Forbidden.TryGetValue(project.Name, out var list) ? list : [];
            var xml = XDocument.Parse(project.ProjectXml);
            foreach (var element in xml.Descendants())
            {
                var include = element.Attribute("Include")?.Value ?? string.Empty;
                switch (element.Name.LocalName)
                {
                    case "ProjectReference" or "PackageReference" or "FrameworkReference":
                        var target = element.Name.LocalName == "ProjectReference" ? Path.GetFileNameWithoutExtension(include.Replace('\\', '/')) : include;
                        if (forbidden.FirstOrDefault(f => Matches(target, f)) is { } hit)
                        {
                            problems.Add($"{project.ProjectPath}: {project.Name} must not depend on {hit} ({element.Name.LocalName} {include}).");
                        }

                        break;
                    case "InternalsVisibleTo" when !existingProjects.Contains(include):
                        problems.Add($"{project.ProjectPath}: InternalsVisibleTo names '{include}', which is not a project of this repository; remove it.");
                        break;
                }
            }

            foreach (var (path, text) in project.Sources)
            {
                var root = CSharpSyntaxTree.ParseText(text, path: path).GetCompilationUnitRoot();
                var names = root.DescendantNodes().OfType<UsingDirectiveSyntax>().Select(u => (Node: (CSharpSyntaxNode)u, Name: u.NamespaceOrType.ToString()))
                    .Concat(root.DescendantNodes().OfType<QualifiedNameSyntax>().Where(q => q.Parent is not QualifiedNameSyntax && q.Parent is not UsingDirectiveSyntax && q.Parent is not BaseNamespaceDeclarationSyntax)
                        .Select(q => ((CSharpSyntaxNode)q, q.ToString())))
                    .Concat(root.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.Parent is not MemberAccessExpressionSyntax)
                        .Select(m => ((CSharpSyntaxNode)m, m.ToString())));
                foreach (var (node, name) in names)
                {
                    var plain = name.Replace("global::", string.Empty, StringComparison.Ordinal);
                    if (forbidden.FirstOrDefault(f => Matches(plain, f)) is { } hit)
                    {
                        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        problems.Add($"{path}:{line}: {project.Name} must not depend on {hit} ({node.ToString().Trim()}).");
                    }
                }
            }
        }

        return problems;
    }

    private static bool Matches(string name, string forbidden) =>
        name == forbidden || name.StartsWith(forbidden + ".", StringComparison.Ordinal);
}
