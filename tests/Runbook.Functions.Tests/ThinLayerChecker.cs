using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Runbook.Functions.Tests;

/// <summary>
/// Keeps <c>[Function]</c> methods to delegation: at most <see cref="MaxStatements"/> statements, no loops, no
/// branches, no try/catch, no SQL, no new objects. Anything more belongs in Runbook.Core or Runbook.Http.
/// </summary>
public static partial class ThinLayerChecker
{
    /// <summary>The most statements a function body may hold.</summary>
    public const int MaxStatements = 2;

    /// <summary>One message per function that does more than delegate.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<CatalogFunction> functions)
    {
        var problems = new List<string>();
        foreach (var function in functions)
        {
            var where = $"Function '{function.Name}' ({function.Location})";
            var body = (SyntaxNode?)function.Declaration.Body ?? function.Declaration.ExpressionBody;
            if (body is null)
            {
                problems.Add($"{where} has no body.");
                continue;
            }

            var statements = function.Declaration.Body?.DescendantNodes().OfType<StatementSyntax>().Count(s => s is not BlockSyntax) ?? 1;
            if (statements > MaxStatements)
            {
                problems.Add($"{where} has {statements} statements; a function may hold at most {MaxStatements} and only delegate to Runbook.Core or Runbook.Http.");
            }

            foreach (var node in body.DescendantNodesAndSelf())
            {
                var kind = node switch
                {
                    ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "a loop",
                    IfStatementSyntax or SwitchStatementSyntax or SwitchExpressionSyntax or ConditionalExpressionSyntax => "a branch",
                    TryStatementSyntax => "a try/catch",
                    LambdaExpressionSyntax or LocalFunctionStatementSyntax => "a lambda",
                    ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => "object creation",
                    LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) && Sql().IsMatch(l.Token.ValueText) => "SQL",
                    InterpolatedStringExpressionSyntax i when Sql().IsMatch(i.ToString()) => "SQL",
                    _ => null,
                };
                if (kind is not null)
                {
                    problems.Add($"{where} contains {kind} ({node.ToString().Split('\n')[0].Trim()}); move it into Runbook.Core or Runbook.Http.");
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|TRUNCATE|DROP|ALTER|CREATE|VACUUM|OPTIMIZE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Sql();
}
