namespace Runbook.Outbox;

/// <summary>A row that can never be sent as written (no recipient, an invalid address, bad headers): it is failed at once.</summary>
public sealed class OutboxMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OutboxMessageException()
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong with the row.</summary>
    public OutboxMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public OutboxMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
