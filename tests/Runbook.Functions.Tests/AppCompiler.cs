using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Runbook.Functions.Tests;

/// <summary>
/// Compiles the Functions app's sources in memory against Runbook.Core, Runbook.Http, their dependencies and the
/// stand-ins for the worker types, so a wrong call into Core or Http fails here as it would on GitHub Actions.
/// </summary>
public static class AppCompiler
{
    /// <summary>The stand-in sources shipped next to the test assembly.</summary>
    public static IReadOnlyDictionary<string, string> StandIns() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "StandIns"), "*.cs")
            .ToDictionary(p => "StandIns/" + Path.GetFileName(p), File.ReadAllText);

    /// <summary>Compiles the sources with the stand-ins; returns the compilation's errors (and warnings, which are errors here).</summary>
    public static IReadOnlyList<Diagnostic> Compile(IReadOnlyDictionary<string, string> appSources) => Emit(appSources, new MemoryStream());

    /// <summary>Compiles and loads the app (its Program over the stand-in builder), or throws with the diagnostics.</summary>
    public static System.Reflection.Assembly Load(IReadOnlyDictionary<string, string> appSources)
    {
        using var image = new MemoryStream();
        var diagnostics = Emit(appSources, image);
        return diagnostics.Count == 0
            ? System.Reflection.Assembly.Load(image.ToArray())
            : throw new InvalidOperationException(string.Join(Environment.NewLine, diagnostics));
    }

    private static IReadOnlyList<Diagnostic> Emit(IReadOnlyDictionary<string, string> appSources, MemoryStream output)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var implicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            """;
        var trees = appSources.Concat(StandIns())
            .Select(s => CSharpSyntaxTree.ParseText(s.Value, options, path: s.Key))
            .Append(CSharpSyntaxTree.ParseText(implicitUsings, options, path: "ImplicitUsings.g.cs"))
            .ToList();

        var compilation = CSharpCompilation.Create(
            "Runbook.Functions.InMemory",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
                // As the .NET SDK does by default (NoWarn CS1701;CS1702): binding-redirect notes between package versions.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

        var result = compilation.Emit(output);
        return [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed))];
    }

    // The framework (ASP.NET Core included) plus every assembly this test project loads: Core, Http and their packages.
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Runbook.Functions.Tests", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
}
