namespace Runbook.Backups;

/// <summary>A backup that was made but did not verify: it must not be trusted, and the run fails.</summary>
public sealed class BackupVerificationException : Exception
{
    /// <summary>Creates the exception for <paramref name="backup"/>.</summary>
    public BackupVerificationException(string backup, string reason)
        : base($"Backup {backup} did not verify: {reason}")
    {
        Backup = backup;
    }

    /// <summary>The dump's name or path.</summary>
    public string Backup { get; } = string.Empty;
}
