using System.Text.RegularExpressions;

namespace Runbook.Backups;

/// <summary>
/// The tables a restore has created in its own transaction, so that their rows are loaded with <c>COPY ... FREEZE</c>:
/// written already frozen and all-visible, with no hint bits to set and no vacuum to follow. psql cannot do this when it
/// commits each statement, and a single-transaction restore pays for its atomicity without it. A table Runbook did
/// not see created (or a partitioned one, which FREEZE refuses) is copied plainly.
/// </summary>
public sealed partial class PostgreSqlFreshTables
{
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    /// <summary>Notes the table a <c>CREATE [UNLOGGED] TABLE</c> statement creates, unless it is partitioned.</summary>
    public void Observe(string statement)
    {
        var text = PostgreSqlScriptReader.StripLeadingComments(statement);
        var create = CreateTable().Match(text);
        if (create.Success && QualifiedName(text, create.Length) is { } name && !PartitionBy().IsMatch(text.AsSpan(create.Length + name.Length)))
        {
            _created.Add(name);
        }
    }

    /// <summary>The command to start the COPY of <paramref name="statement"/> (<c>COPY t (a, b) FROM stdin;</c>) with.</summary>
    public string CopyCommand(string statement)
    {
        var text = PostgreSqlScriptReader.StripLeadingComments(statement).TrimEnd().TrimEnd(';');
        var name = QualifiedName(text, "COPY ".Length);
        return FromStdin().Replace(text, name is not null && _created.Contains(name) ? "FROM STDIN WITH (FREEZE)" : "FROM STDIN");
    }

    // A name as written: identifiers, bare or double-quoted ("" inside), joined by dots; null when there is none.
    private static string? QualifiedName(string text, int start)
    {
        var i = start;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && (text[i] != '"' || (i + 1 < text.Length && text[i + 1] == '"' && ++i > 0)))
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    return null;
                }

                i++;
            }
            else
            {
                var begin = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                if (i == begin)
                {
                    return null;
                }
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
                continue;
            }

            return text[start..i];
        }
    }

    [GeneratedRegex(@"^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"\)\s*PARTITION\s+BY\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartitionBy();

    [GeneratedRegex(@"FROM\s+stdin\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromStdin();
}
