using System.Text;
using Runbook.Targets;

namespace Runbook.Cli;

/// <summary>
/// A writer for the terminal that drops control characters (an ESC sequence inside a database error message must not
/// drive the operator's terminal); newlines and tabs pass.
/// </summary>
public sealed class TerminalTextWriter(TextWriter inner) : TextWriter
{
    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        if (value is '\n' or '\r' or '\t' || !char.IsControl(value))
        {
            inner.Write(value);
        }
    }

    /// <inheritdoc />
    public override void Write(string? value) => inner.Write(DatabaseText.Clean(value));

    /// <inheritdoc />
    public override void WriteLine(string? value) => inner.WriteLine(DatabaseText.Clean(value));

    /// <inheritdoc />
    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(DatabaseText.Clean(value));

    /// <inheritdoc />
    public override Task WriteAsync(string? value) => inner.WriteAsync(DatabaseText.Clean(value));

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override string ToString() => inner.ToString() ?? string.Empty;
}
