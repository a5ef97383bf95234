namespace Runbook.Operations;

/// <summary>
/// Another operator changed the same state at the same moment and the change could not be applied on fresh state after
/// retries. Nothing of this request has been applied. HTTP answers 409; the CLI exits 3.
/// </summary>
public sealed class ConflictException : Exception
{
    /// <summary>For serializers and tests.</summary>
    public ConflictException()
    {
    }

    /// <summary>Creates the exception with a message that says to read the state again.</summary>
    public ConflictException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
