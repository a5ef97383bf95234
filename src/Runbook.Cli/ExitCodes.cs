namespace Runbook.Cli;

/// <summary>What the <c>runbook</c> command's exit code means. Health results use 0, 1 and 2 like monitoring plugins.</summary>
public static class ExitCodes
{
    /// <summary>Done; everything Normal.</summary>
    public const int Normal = 0;

    /// <summary>Done; at least one Warning.</summary>
    public const int Warning = 1;

    /// <summary>Done; at least one Critical.</summary>
    public const int Critical = 2;

    /// <summary>The job could not run or finish (storage down, unknown target, an unexpected error). Never 1 or 2.</summary>
    public const int Failed = 3;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 64;

    /// <summary>The configuration is invalid (sysexits EX_CONFIG).</summary>
    public const int Configuration = 78;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
