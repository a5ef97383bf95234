namespace Runbook.Operations;

/// <summary>Something an operator named (a task, a queue, a promotion) does not exist. HTTP answers 404; the CLI exits 3.</summary>
public sealed class NotFoundException : Exception
{
    /// <summary>For serializers and tests.</summary>
    public NotFoundException()
    {
    }

    /// <summary>Creates the exception with a message that lists what does exist.</summary>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
