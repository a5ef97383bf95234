namespace Runbook.Targets;

/// <summary>
/// A target could not be connected to. The message is safe to show and store: it never holds a connection string
/// or a secret, only the first line of the driver's or service's reason.
/// </summary>
public sealed class TargetConnectException : Exception
{
    /// <summary>Creates the exception for <paramref name="targetName"/> with a reason safe to show.</summary>
    public TargetConnectException(string targetName, string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
        TargetName = targetName;
    }

    /// <summary>For serializers and tests.</summary>
    public TargetConnectException()
    {
    }

    /// <summary>For serializers and tests.</summary>
    public TargetConnectException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public TargetConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The target that could not be reached.</summary>
    public string TargetName { get; } = string.Empty;
}
