using System.Text;

namespace Runbook.Targets;

/// <summary>
/// Text that came from a server (error messages, query text, values): control characters removed so that an ESC
/// sequence in a database error cannot drive an operator's terminal, and multi-line service errors cut to their
/// first line.
/// </summary>
public static class DatabaseText
{
    /// <summary>Removes control characters (C0 but tab and newline, DEL, C1); null becomes empty.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The first line, cleaned and trimmed: Azure service errors carry headers and a body after it.</summary>
    public static string FirstLine(string? text)
    {
        var clean = Clean(text);
        var end = clean.IndexOfAny(['\r', '\n']);
        return (end < 0 ? clean : clean[..end]).Trim();
    }

    private static bool IsUnsafe(char c) => (char.IsControl(c) && c is not ('\n' or '\t')) || c is '\u2028' or '\u2029';
}
