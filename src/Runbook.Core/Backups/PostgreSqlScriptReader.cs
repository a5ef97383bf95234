using System.Buffers;
using System.Text;

namespace Runbook.Backups;

/// <summary>
/// Reads a plain-SQL PostgreSQL dump one statement at a time, as psql does: a statement ends at a semicolon outside
/// string literals (<c>'...'</c>, <c>E'...'</c>), quoted identifiers, dollar-quoted bodies (<c>$fn$...$fn$</c>) and comments
/// (<c>--</c>, nested <c>/* */</c>), and, like psql, not inside the <c>BEGIN ATOMIC ... END</c> body of a
/// <c>CREATE [OR REPLACE] FUNCTION | PROCEDURE</c>. After a <c>COPY ... FROM stdin;</c> the rows follow line by line up to
/// <c>\.</c>.
/// Streams: holds one statement, never the file. Reads UTF-8 bytes: statements are decoded (strictly), but the COPY
/// rows, most of a dump, go to the server as the bytes they are, as psql sends them.
/// </summary>
public sealed class PostgreSqlScriptReader(Stream input)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly StringBuilder _statement = new();
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _length;
    private bool _ended;
    private string? _pending;

    /// <summary>The line number the last statement ended on (1-based), for error messages.</summary>
    public long Line { get; private set; }

    /// <summary>The next statement (with its semicolon), or null at the end. A statement left open at the end throws.</summary>
    public async Task<string?> ReadStatementAsync(CancellationToken cancellationToken = default)
    {
        _statement.Clear();
        var lexer = new Lexer();
        while (true)
        {
            var line = _pending ?? await ReadLineAsync(cancellationToken);
            _pending = null;
            if (line is null)
            {
                return IsBlank(_statement) || IsOnlyComments(_statement)
                    ? null
                    : throw new InvalidDataException($"The script ends inside a statement that began before line {Line + 1}: the dump is incomplete.");
            }

            Line++;
            var end = lexer.FindEnd(line);
            if (end < 0)
            {
                _statement.Append(line).Append('\n');
                continue;
            }

            _statement.Append(line, 0, end + 1);
            var rest = line[(end + 1)..];
            if (!IsBlank(rest))
            {
                // Another statement on the same line: read it next.
                _pending = rest;
                Line--;
            }

            if (!IsOnlyComments(_statement))
            {
                return _statement.ToString();
            }

            _statement.Clear();
            lexer = new Lexer();
        }
    }

    /// <summary>True when <paramref name="statement"/> is a <c>COPY ... FROM stdin</c> whose rows follow it.</summary>
    public static bool IsCopyFromStdin(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var text = StripLeadingComments(statement);
        return text.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase) && text.TrimEnd().EndsWith("FROM stdin;", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Copies the rows after a <c>COPY ... FROM stdin;</c> to <paramref name="rows"/> as they are, newlines included, up to
    /// the <c>\.</c> line: in large blocks, not line by line, since they are most of a dump.
    /// </summary>
    public async Task CopyRowsAsync(Stream rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lineStart = true;
        while (true)
        {
            if (_position == _length && !await FillAsync(cancellationToken))
            {
                throw new InvalidDataException($"The script ends inside COPY data (line {Line}): the dump is incomplete.");
            }

            var start = _position;
            var i = _position;
            var needMore = false;
            while (i < _length)
            {
                if (lineStart)
                {
                    // The end marker is a line of its own: "\." then a newline (or the end of the script).
                    if (_length - i < 3 && !_ended)
                    {
                        needMore = true;
                        break;
                    }

                    if (_buffer[i] == '\\' && i + 1 < _length && _buffer[i + 1] == '.' && (i + 2 == _length || _buffer[i + 2] == '\n'))
                    {
                        await rows.WriteAsync(_buffer.AsMemory(start, i - start), cancellationToken);
                        _position = Math.Min(i + 3, _length);
                        Line++;
                        return;
                    }
                }

                var found = _buffer.AsSpan(i, _length - i).IndexOf((byte)'\n');
                var newline = found < 0 ? -1 : i + found;
                if (newline < 0)
                {
                    i = _length;
                    lineStart = false;
                    break;
                }

                Line++;
                i = newline + 1;
                lineStart = true;
            }

            await rows.WriteAsync(_buffer.AsMemory(start, i - start), cancellationToken);
            _position = i;
            if (needMore && !await FillAsync(cancellationToken))
            {
                throw new InvalidDataException($"The script ends inside COPY data (line {Line}): the dump is incomplete.");
            }
        }
    }

    // A line without its newline (and a '\r' before it), or null at the end; invalid UTF-8 is refused, naming the line.
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        ArrayBufferWriter<byte>? longLine = null;
        while (true)
        {
            var found = _position < _length ? _buffer.AsSpan(_position, _length - _position).IndexOf((byte)'\n') : -1;
            if (found >= 0)
            {
                var newline = _position + found;
                ReadOnlySpan<byte> bytes = _buffer.AsSpan(_position, newline - _position);
                if (longLine is not null)
                {
                    longLine.Write(bytes);
                    bytes = longLine.WrittenSpan;
                }

                _position = newline + 1;
                return Decode(bytes.EndsWith((byte)'\r') ? bytes[..^1] : bytes);
            }

            if (_position < _length)
            {
                (longLine ??= new ArrayBufferWriter<byte>(1 << 17)).Write(_buffer.AsSpan(_position, _length - _position));
                _position = _length;
            }

            if (!await FillAsync(cancellationToken))
            {
                return longLine is null ? null : Decode(longLine.WrittenSpan);
            }
        }
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"Line {Line + 1} of the script is not valid UTF-8: the dump is damaged.", e);
        }
    }

    // Keeps what is unread, reads more after it; false at the end of the script with nothing new.
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _position = 0;
        }

        var read = await input.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
        _length += read;
        _ended = read == 0;
        return read > 0;
    }

    private static bool IsBlank(StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(string text) => string.IsNullOrWhiteSpace(text);

    private static bool IsOnlyComments(StringBuilder statement) => StripLeadingComments(statement.ToString()).Trim() is "" or ";";

    /// <summary>The statement without the <c>--</c> comment lines before it.</summary>
    internal static string StripLeadingComments(string text)
    {
        var span = text.AsSpan().TrimStart();
        while (span.StartsWith("--"))
        {
            var newline = span.IndexOf('\n');
            span = newline < 0 ? [] : span[(newline + 1)..].TrimStart();
        }

        return span.ToString();
    }

    /// <summary>The lexical state carried from line to line within one statement.</summary>
    private sealed class Lexer
    {
        private readonly char[] _leading = new char[4];
        private char _quote;
        private bool _escapes;
        private string? _dollarTag;
        private int _commentDepth;
        private int _words;
        private int _beginDepth;

        // The index of the semicolon that ends the statement on this line, or -1.
        public int FindEnd(string line)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (_commentDepth > 0)
                {
                    if (c == '*' && At(line, i + 1, '/'))
                    {
                        _commentDepth--;
                        i++;
                    }
                    else if (c == '/' && At(line, i + 1, '*'))
                    {
                        _commentDepth++;
                        i++;
                    }
                }
                else if (_dollarTag is { } tag)
                {
                    if (c == '$' && string.CompareOrdinal(line, i, tag, 0, tag.Length) == 0)
                    {
                        i += tag.Length - 1;
                        _dollarTag = null;
                    }
                }
                else if (_quote != '\0')
                {
                    if (_escapes && c == '\\')
                    {
                        i++;
                    }
                    else if (c == _quote)
                    {
                        if (At(line, i + 1, _quote))
                        {
                            i++;
                        }
                        else
                        {
                            _quote = '\0';
                        }
                    }
                }
                else if (c == '-' && At(line, i + 1, '-'))
                {
                    return -1;
                }
                else if (c == '/' && At(line, i + 1, '*'))
                {
                    _commentDepth = 1;
                    i++;
                }
                else if (c is '\'' or '"')
                {
                    _quote = c;
                    _escapes = c == '\'' && i > 0 && line[i - 1] is 'E' or 'e' && (i == 1 || !IsIdentifierChar(line[i - 2]));
                }
                else if (c == '$' && (i == 0 || !IsIdentifierChar(line[i - 1])) && DollarTag(line, i) is { } opened)
                {
                    _dollarTag = opened;
                    i += opened.Length - 1;
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i + 1 < line.Length && IsIdentifierChar(line[i + 1]))
                    {
                        i++;
                    }

                    Word(line.AsSpan(start, i - start + 1));
                }
                else if (c == ';' && _beginDepth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        // psql's heuristic: in CREATE [OR REPLACE] FUNCTION | PROCEDURE, BEGIN opens a block (and CASE within one), END closes it.
        private void Word(ReadOnlySpan<char> word)
        {
            if (_words < _leading.Length)
            {
                _leading[_words] = char.ToLowerInvariant(word[0]);
            }

            _words++;
            var routine = _leading[0] == 'c' && _words > 1
                && (_leading[1] is 'f' or 'p' || (_leading[1] == 'o' && _words > 3 && _leading[2] == 'r' && _leading[3] is 'f' or 'p'));
            if (!routine)
            {
                return;
            }

            if (word.Equals("begin", StringComparison.OrdinalIgnoreCase))
            {
                _beginDepth++;
            }
            else if (word.Equals("case", StringComparison.OrdinalIgnoreCase) && _beginDepth > 0)
            {
                _beginDepth++;
            }
            else if (word.Equals("end", StringComparison.OrdinalIgnoreCase) && _beginDepth > 0)
            {
                _beginDepth--;
            }
        }

        private static bool At(string line, int index, char c) => index < line.Length && line[index] == c;

        private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

        // "$$" or "$tag$" where tag is an identifier that does not start with a digit.
        private static string? DollarTag(string line, int start)
        {
            var i = start + 1;
            if (i < line.Length && (char.IsDigit(line[i])))
            {
                return null;
            }

            while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_'))
            {
                i++;
            }

            return i < line.Length && line[i] == '$' ? line[start..(i + 1)] : null;
        }
    }
}
