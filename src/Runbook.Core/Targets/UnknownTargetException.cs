namespace Runbook.Targets;

/// <summary>A target name was asked for that configuration does not define.</summary>
public sealed class UnknownTargetException : Exception
{
    /// <summary>Creates the exception for <paramref name="targetName"/>, listing the names that exist.</summary>
    public UnknownTargetException(string targetName, IEnumerable<string> knownTargets)
        : base($"No target is named '{targetName}'. Configured targets: {string.Join(", ", knownTargets)}.")
    {
        TargetName = targetName;
    }

    /// <summary>The name that was asked for.</summary>
    public string TargetName { get; } = string.Empty;

    /// <summary>For serializers and tests.</summary>
    public UnknownTargetException()
    {
    }

    /// <summary>For serializers and tests.</summary>
    public UnknownTargetException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers and tests.</summary>
    public UnknownTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
