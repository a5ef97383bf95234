using System.Buffers;

namespace Runbook.Backups;

/// <summary>
/// Reads a MySQL / MariaDB SQL script one statement at a time, as the <c>mariadb</c> (<c>mysql</c>) client does with
/// <c>--comments</c>: a statement ends at the current delimiter (<c>;</c> until a <c>DELIMITER xx</c> line changes it; that
/// line is the client's command and is not returned) outside quotes (<c>'...'</c> and <c>"..."</c> with backslash escapes and
/// doubled quotes, <c>`...`</c>) and comments (<c>-- </c>, <c>#</c>, <c>/* */</c>). Conditional comments (<c>/*!NNNNN ... */</c>,
/// <c>/*M!...*/</c>) and optimizer hints (<c>/*+ */</c>) are code, as the server reads them. Comments before a statement are
/// dropped; comments inside one are kept (routine bodies store them). The delimiter itself is not returned.
/// Streams: holds one statement, never the file.
/// </summary>
public sealed class MySqlScriptReader
{
    private const string DelimiterCommand = "delimiter";
    private readonly TextReader _input;
    private readonly int _maxStatementChars;
    private readonly char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;
    private bool _ended;
    private int _counted;
    private long _line = 1;
    private bool _lineBlank = true;
    private char[] _statement = new char[1 << 12];
    private int _statementLength;
    private string _delimiter = ";";
    private SearchValues<char> _special = Special(";");
    private State _state;
    private bool _escape;
    private bool _started;

    /// <summary>Reads <paramref name="input"/>; a statement longer than <paramref name="maxStatementChars"/> throws (the server's <c>max_allowed_packet</c>).</summary>
    public MySqlScriptReader(TextReader input, int maxStatementChars = 1 << 30)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStatementChars, 1);
        _maxStatementChars = maxStatementChars;
    }

    private enum State
    {
        Code,
        SingleQuote,
        DoubleQuote,
        Backtick,
        LineComment,
        BlockComment,
    }

    private enum Step
    {
        Statement,
        NeedMore,
        End,
    }

    /// <summary>The line (1-based) the last statement returned began on, for error messages.</summary>
    public long Line { get; private set; }

    /// <summary>The delimiter in force (<c>;</c> unless a <c>DELIMITER</c> line changed it).</summary>
    public string Delimiter => _delimiter;

    /// <summary>
    /// True while the server's <c>sql_mode</c> has <c>NO_BACKSLASH_ESCAPES</c>: a backslash in a string is then a character, not
    /// an escape (the client follows the server's status the same way).
    /// </summary>
    public bool NoBackslashEscapes { get; set; }

    /// <summary>The next statement, without its delimiter, or null at the end. A statement left open at the end throws.</summary>
    public async Task<string?> ReadStatementAsync(CancellationToken cancellationToken = default)
    {
        _statementLength = 0;
        _state = State.Code;
        _escape = false;
        _started = false;
        while (true)
        {
            switch (Scan())
            {
                case Step.Statement:
                    var length = _statementLength;
                    while (length > 0 && char.IsWhiteSpace(_statement[length - 1]))
                    {
                        length--;
                    }

                    return new string(_statement, 0, length);
                case Step.End:
                    return null;
                default:
                    await FillAsync(cancellationToken);
                    break;
            }
        }
    }

    // Scans what is buffered: a position is decided only with a few characters after it in the buffer (or at the end of
    // the script), so that "--", "/*!" and the delimiter are recognised wherever the reads happen to split them.
    private Step Scan()
    {
        var i = _position;
        var copyFrom = _started ? i : -1;
        var limit = Limit();
        while (i < limit)
        {
            switch (_state)
            {
                case State.SingleQuote or State.DoubleQuote:
                {
                    if (_escape)
                    {
                        _escape = false;
                        i++;
                        break;
                    }

                    var quote = _state == State.SingleQuote ? '\'' : '"';
                    var span = _buffer.AsSpan(i, limit - i);
                    var next = NoBackslashEscapes ? span.IndexOf(quote) : span.IndexOfAny(quote, '\\');
                    if (next < 0)
                    {
                        i = limit;
                        break;
                    }

                    i += next;
                    if (_buffer[i] == '\\')
                    {
                        _escape = true;
                    }
                    else
                    {
                        // A doubled quote closes and opens again: the same for splitting.
                        _state = State.Code;
                    }

                    i++;
                    break;
                }

                case State.Backtick:
                    i = Skip(i, limit, '`', State.Code, 1);
                    break;
                case State.LineComment:
                    // The newline is left to the code after it (where a DELIMITER line may begin).
                    i = Skip(i, limit, '\n', State.Code, 0);
                    break;
                case State.BlockComment:
                {
                    var next = _buffer.AsSpan(i, limit - i).IndexOf('*');
                    if (next < 0)
                    {
                        i = limit;
                        break;
                    }

                    i += next;
                    if (At(i + 1, '/'))
                    {
                        _state = State.Code;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }

                    break;
                }

                default:
                    if (!_started)
                    {
                        var c = _buffer[i];
                        if (c == '\n')
                        {
                            _lineBlank = true;
                            i++;
                            continue;
                        }

                        if (char.IsWhiteSpace(c))
                        {
                            i++;
                            continue;
                        }

                        if (_lineBlank && c is 'd' or 'D')
                        {
                            var command = DelimiterLine(i);
                            if (command == 0)
                            {
                                return Pause(i, copyFrom);
                            }

                            if (command > 0)
                            {
                                i = command;
                                limit = Limit();
                                continue;
                            }
                        }

                        _lineBlank = false;
                        if (StartsWithDelimiter(i))
                        {
                            i += _delimiter.Length; // an empty statement
                            continue;
                        }

                        if (c == '#' || IsDashComment(i))
                        {
                            _state = State.LineComment;
                            i += c == '#' ? 1 : 2;
                            continue;
                        }

                        if (c == '/' && At(i + 1, '*') && !IsCode(i))
                        {
                            _state = State.BlockComment;
                            i += 2;
                            continue;
                        }

                        _started = true;
                        copyFrom = i;
                        Line = LineAt(i);
                    }

                    var special = _buffer.AsSpan(i, limit - i).IndexOfAny(_special);
                    if (special < 0)
                    {
                        i = limit;
                        break;
                    }

                    i += special;
                    if (StartsWithDelimiter(i))
                    {
                        Append(copyFrom, i);
                        _position = i + _delimiter.Length;
                        LineAt(_position);
                        return Step.Statement;
                    }

                    (_state, i) = _buffer[i] switch
                    {
                        '\'' => (State.SingleQuote, i + 1),
                        '"' => (State.DoubleQuote, i + 1),
                        '`' => (State.Backtick, i + 1),
                        '#' => (State.LineComment, i + 1),
                        '-' when IsDashComment(i) => (State.LineComment, i + 2),
                        '/' when At(i + 1, '*') => (IsCode(i) ? State.Code : State.BlockComment, i + 2),
                        _ => (State.Code, i + 1),
                    };
                    break;
            }
        }

        if (!_ended || i < _length)
        {
            return Pause(i, copyFrom);
        }

        Append(copyFrom, i);
        _position = i;
        if (_started || _state is not (State.Code or State.LineComment))
        {
            var where = _state switch
            {
                State.SingleQuote or State.DoubleQuote or State.Backtick => "inside a quoted string or name",
                State.BlockComment => "inside a /* comment */",
                _ => $"before the delimiter {_delimiter} that would end it",
            };
            throw new InvalidDataException($"The script ends {where} in the statement that began on line {(_started ? Line : LineAt(i))}: the dump is incomplete.");
        }

        return Step.End;
    }

    private int Limit() => _ended ? _length : _length - Math.Max(4, _delimiter.Length) + 1;

    private Step Pause(int i, int copyFrom)
    {
        Append(copyFrom, i);
        LineAt(i);
        _position = i;
        return Step.NeedMore;
    }

    // Moves past the next `until` (and `past` more characters), leaving `then` as the state; the limit when not there.
    private int Skip(int i, int limit, char until, State then, int past)
    {
        var next = _buffer.AsSpan(i, limit - i).IndexOf(until);
        if (next < 0)
        {
            return limit;
        }

        _state = then;
        return i + next + past;
    }

    // A DELIMITER line at i: the index after it once read, -1 when the line is no such command, 0 when more must be read.
    private int DelimiterLine(int i)
    {
        var available = _length - i;
        if (available < DelimiterCommand.Length + 1 && !_ended)
        {
            return 0;
        }

        var head = _buffer.AsSpan(i, Math.Min(available, DelimiterCommand.Length + 1));
        if (!head.StartsWith(DelimiterCommand, StringComparison.OrdinalIgnoreCase) || (head.Length > DelimiterCommand.Length && !char.IsWhiteSpace(head[^1])))
        {
            return -1;
        }

        var newline = _buffer.AsSpan(i, available).IndexOf('\n');
        if (newline < 0 && !_ended)
        {
            if (i == 0 && _length == _buffer.Length)
            {
                throw new InvalidDataException($"Line {LineAt(i)} is a DELIMITER command longer than {_buffer.Length:N0} characters: this is not a SQL dump.");
            }

            return 0;
        }

        var end = newline < 0 ? _length : i + newline;
        var rest = _buffer.AsSpan(i + DelimiterCommand.Length, end - i - DelimiterCommand.Length).Trim();
        var delimiter = rest.Length > 0 && rest[0] is '\'' or '"' or '`' && rest[1..].IndexOf(rest[0]) is var close and >= 0
            ? rest.Slice(1, close)
            : rest[..(rest.IndexOfAny(" \t\r\f\v") is var space and >= 0 ? space : rest.Length)];
        if (delimiter.IsEmpty || delimiter.Contains('\\'))
        {
            throw new InvalidDataException($"Line {LineAt(i)}: DELIMITER must be followed by the new delimiter, without backslashes (DELIMITER ;;, then DELIMITER ; after the routine).");
        }

        _delimiter = delimiter.ToString();
        _special = Special(_delimiter);
        return newline < 0 ? _length : end + 1;
    }

    private bool StartsWithDelimiter(int i) => _buffer.AsSpan(i, _length - i).StartsWith(_delimiter, StringComparison.Ordinal);

    // "--" starts a comment only before a space or a control character ("1--1" is arithmetic); at the end of the script too.
    private bool IsDashComment(int i) => _buffer[i] == '-' && At(i + 1, '-') && (i + 2 >= _length || _buffer[i + 2] <= ' ');

    // "/*!50003 ... */", "/*M!100101 ... */" and "/*+ hint */" are read by the server: code, not comments.
    private bool IsCode(int i) => At(i + 2, '!') || At(i + 2, '+') || (At(i + 2, 'M') && At(i + 3, '!'));

    private bool At(int index, char c) => index < _length && _buffer[index] == c;

    private void Append(int from, int to)
    {
        if (from < 0 || to <= from)
        {
            return;
        }

        var count = to - from;
        if (_statementLength + count > _maxStatementChars)
        {
            throw new InvalidDataException(
                $"The statement that began on line {Line} is longer than {_maxStatementChars:N0} characters, more than the server accepts (max_allowed_packet): a quote is probably left open, or the server's max_allowed_packet must be raised.");
        }

        if (_statementLength + count > _statement.Length)
        {
            Array.Resize(ref _statement, (int)Math.Min(Array.MaxLength, Math.Max(_statementLength + count, 2L * _statement.Length)));
        }

        Array.Copy(_buffer, from, _statement, _statementLength, count);
        _statementLength += count;
    }

    // The line of the character at index: the newlines up to it are counted once, in bulk.
    private long LineAt(int index)
    {
        _line += _buffer.AsSpan(_counted, index - _counted).Count('\n');
        _counted = index;
        return _line;
    }

    // Keeps what is unread, reads more after it; sets _ended at the end of the script.
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _counted -= _position;
            _position = 0;
        }

        var read = await _input.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
        _length += read;
        _ended = read == 0;
    }

    private static SearchValues<char> Special(string delimiter) => SearchValues.Create(string.Concat("'\"`#-/", delimiter[0].ToString()));
}
