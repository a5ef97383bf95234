namespace Runbook.Operations;

/// <summary>
/// An operator's request that cannot be carried out as asked (a missing reason, a time in the past, a name of the wrong
/// shape). Nothing has changed when it is thrown. HTTP answers 400; the CLI exits 64.
/// </summary>
public sealed class InvalidRequestException : Exception
{
    /// <summary>For serializers and tests.</summary>
    public InvalidRequestException()
    {
    }

    /// <summary>Creates the exception with a message that says what to send instead.</summary>
    public InvalidRequestException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
