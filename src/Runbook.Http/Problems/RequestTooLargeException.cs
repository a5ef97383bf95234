namespace Runbook.Http.Problems;

/// <summary>A request body over <see cref="RequestBody.MaxBytes"/>: answered 413, nothing read further.</summary>
public sealed class RequestTooLargeException : Exception
{
    /// <summary>For serializers and tests.</summary>
    public RequestTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message giving the limit.</summary>
    public RequestTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public RequestTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
