namespace Runbook.Functions.Tests;

/// <summary>Finds files of this repository from the test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Functions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Functions app's folder.</summary>
    public static string FunctionsProject => Path.Combine(Root, "src", "Runbook.Functions");

    /// <summary>Every C# source of the Functions app, path and text.</summary>
    public static IReadOnlyDictionary<string, string> FunctionsSources() =>
        Directory.EnumerateFiles(FunctionsProject, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToDictionary(p => Path.GetRelativePath(Root, p), File.ReadAllText);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Functions.sln not found above {AppContext.BaseDirectory}.");
    }
}
