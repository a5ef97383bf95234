namespace Runbook.Backups;

/// <summary>
/// A dump that could not finish: the server went away, a lock was not granted in time, a query failed or the output
/// could not be written. The message says at which step and why; what was written is incomplete.
/// </summary>
public sealed class DumpFailedException : Exception
{
    /// <summary>For serializers and analyzers.</summary>
    public DumpFailedException()
        : this("The dump failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DumpFailedException(string message)
        : base(message)
    {
        Step = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DumpFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="step"/> ("reading table app.orders").</summary>
    public DumpFailedException(string database, string step, string reason, Exception innerException)
        : base($"The dump of database '{database}' failed while {step}: {reason}", innerException)
    {
        Step = step;
    }

    /// <summary>What the dump was doing ("locking the tables", "reading table app.orders").</summary>
    public string Step { get; }
}
