namespace Runbook.Targets;

/// <summary>
/// A table or column named in configuration does not exist in the target, or has a type the job cannot use. A
/// configuration problem, reported as such, not an operational failure. The message starts with the key at fault.
/// </summary>
public sealed class TableConfigurationException : Exception
{
    /// <summary>For serializers and tests.</summary>
    public TableConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message that starts with the configuration key at fault.</summary>
    public TableConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public TableConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
