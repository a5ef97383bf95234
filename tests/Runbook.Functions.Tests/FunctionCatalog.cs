using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Runbook.Functions.Tests;

/// <summary>One <c>[Function]</c> method as written in the sources.</summary>
public sealed record CatalogFunction(
    string Name,
    string Trigger,
    string? Schedule,
    string? Route,
    IReadOnlyList<string> Methods,
    string? AuthorizationLevel,
    string Location,
    MethodDeclarationSyntax Declaration);

/// <summary>Reads the function catalog from the app's sources by syntax alone (no worker packages needed).</summary>
public static class FunctionCatalog
{
    /// <summary>Parses <paramref name="sources"/> (path to text).</summary>
    public static IReadOnlyList<SyntaxTree> Parse(IReadOnlyDictionary<string, string> sources) =>
        [.. sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, new CSharpParseOptions(LanguageVersion.Latest), path: s.Key))];

    /// <summary>Every method carrying a <c>[Function("...")]</c> attribute.</summary>
    public static IReadOnlyList<CatalogFunction> Read(IEnumerable<SyntaxTree> trees)
    {
        var functions = new List<CatalogFunction>();
        foreach (var tree in trees)
        {
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var function = FindAttribute(method.AttributeLists, "Function");
                if (function is null)
                {
                    continue;
                }

                var location = $"{tree.FilePath}:{method.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                var name = StringArgument(function, 0) ?? "<no name>";
                var timer = method.ParameterList.Parameters.Select(p => FindAttribute(p.AttributeLists, "TimerTrigger")).FirstOrDefault(a => a is not null);
                var http = method.ParameterList.Parameters.Select(p => FindAttribute(p.AttributeLists, "HttpTrigger")).FirstOrDefault(a => a is not null);
                if (timer is not null)
                {
                    functions.Add(new CatalogFunction(name, "timer", StringArgument(timer, 0), null, [], null, location, method));
                }
                else if (http is not null)
                {
                    var positional = http.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList() ?? [];
                    var level = positional.Select(a => a.Expression).OfType<MemberAccessExpressionSyntax>()
                        .FirstOrDefault(m => m.Expression.ToString().EndsWith("AuthorizationLevel", StringComparison.Ordinal))?.Name.Identifier.Text;
                    var methods = positional.Select(a => a.Expression).OfType<LiteralExpressionSyntax>()
                        .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText.ToUpperInvariant()).ToList();
                    var route = http.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Route")?.Expression is LiteralExpressionSyntax r ? r.Token.ValueText : null;
                    functions.Add(new CatalogFunction(name, "http", null, route, methods, level, location, method));
                }
                else
                {
                    functions.Add(new CatalogFunction(name, "unknown", null, null, [], null, location, method));
                }
            }
        }

        return functions;
    }

    private static AttributeSyntax? FindAttribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(l => l.Attributes).FirstOrDefault(a =>
        {
            var text = a.Name is QualifiedNameSyntax q ? q.Right.Identifier.Text : a.Name.ToString();
            return text == name || text == name + "Attribute";
        });

    private static string? StringArgument(AttributeSyntax attribute, int index) =>
        attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(index)?.Expression is LiteralExpressionSyntax literal
            ? literal.Token.ValueText
            : null;
}
