using System.Text;
using System.Text.RegularExpressions;

namespace Runbook.Targets;

/// <summary>
/// Query text from the server's statistics (pg_stat_statements, pg_stat_activity, the process list, digests) made
/// fit for a report or a log: string literals become <c>'?'</c> (dollar-quoted and, on MySQL, double-quoted ones too)
/// and statements that set a password are not shown at all. PostgreSQL keeps the literals of utility statements:
/// <c>ALTER ROLE app PASSWORD 'secret'</c> is stored verbatim.
/// </summary>
public static partial class QueryText
{
    /// <summary>Shown instead of a statement that sets a password.</summary>
    public const string PasswordStatement = "(a statement that sets a password; not shown)";

    /// <summary>True when <paramref name="sql"/> sets or changes a password (PASSWORD, IDENTIFIED BY / WITH / VIA).</summary>
    public static bool SetsPassword(string? sql) => sql is not null && PasswordPattern().IsMatch(sql);

    /// <summary>The text with every literal replaced, or <see cref="PasswordStatement"/>; control characters removed.</summary>
    public static string Redact(string? sql, DatabaseProvider provider)
    {
        var text = DatabaseText.Clean(sql);
        if (SetsPassword(text))
        {
            return PasswordStatement;
        }

        var mySql = provider == DatabaseProvider.MySql;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '-' && At(text, i + 1, '-'))
            {
                i = CopyUntil(text, i, output, "\n");
            }
            else if (c == '/' && At(text, i + 1, '*'))
            {
                i = CopyUntil(text, i, output, "*/");
            }
            else if (c == '\'' || (c == '"' && mySql))
            {
                var backslashEscapes = mySql || (i > 0 && text[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(text[i - 2])));
                i = SkipQuoted(text, i, c, backslashEscapes);
                output.Append("'?'");
            }
            else if (c is '"' or '`')
            {
                i = CopyQuoted(text, i, c, output);
            }
            else if (c == '$' && !mySql && (i == 0 || !IsWordChar(text[i - 1])) && DollarTag().Match(text, i) is { Success: true } tag && tag.Index == i)
            {
                var end = text.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + tag.Length;
                output.Append("'?'");
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int CopyUntil(string text, int start, StringBuilder output, string terminator)
    {
        var end = text.IndexOf(terminator, start + 2, StringComparison.Ordinal);
        end = end < 0 ? text.Length : end + terminator.Length;
        output.Append(text, start, end - start);
        return end;
    }

    private static int CopyQuoted(string text, int start, char quote, StringBuilder output)
    {
        var end = SkipQuoted(text, start, quote, backslashEscapes: false);
        output.Append(text, start, end - start);
        return end;
    }

    // Returns the index after the closing quote; a doubled quote is part of the text; an unterminated one runs to the end.
    private static int SkipQuoted(string text, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            if (backslashEscapes && text[i] == '\\')
            {
                i += 2;
            }
            else if (text[i] == quote)
            {
                if (At(text, i + 1, quote))
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }

    [GeneratedRegex(@"\bPASSWORD\b|\bIDENTIFIED\s+(BY|WITH|VIA)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)?\$", RegexOptions.CultureInvariant)]
    private static partial Regex DollarTag();
}
